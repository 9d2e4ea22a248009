"""Text heuristics for ``recapdeck import``: plain text, sentences, titles, kinds of headings.

Everything here works on one stretch of text at a time (a heading, a bullet, a paragraph) that
markdown-it has already parsed; people are in :mod:`.people`, launches in :mod:`.launches`, the
document structure in :mod:`.mapping`.
"""

from __future__ import annotations

import re

from .blocks import Piece, tidy

# --- plain text -----------------------------------------------------------------------------


def strip_md(md: str) -> str:
    """Outline inline Markdown reduced to its words."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", md)
    text = re.sub(r"(?<!\\)(\*\*|\*|`)", "", text)
    return tidy(re.sub(r"\\(.)", r"\1", text))


def words(text: str) -> int:
    return len(text.split())


def capitalize(md: str) -> str:
    """Upper-case the first letter of ``md`` when its first word is plain lower-case prose.

    Brand and code names keep their casing: a word with a capital inside (``macOS``,
    ``iPhone``), digits or code marks (``k8s``, ``node.js``), or a known lower-case name
    (``containerd``, ``npm``).
    """
    match = re.search(r"[^\W\d_]", md)
    if match is None or md[: match.start()].strip(" *_\"'“‘(["):
        return md  # starts with a digit, code or a link: leave it as written
    word = re.match(r"[\w.+#-]*", md[match.start() :])
    first = word.group(0) if word else ""
    if not first.replace("-", "").isalpha() or not first.islower() or first in LOWER_CASE_NAMES:
        return md
    i = match.start()
    return md[:i] + md[i].upper() + md[i + 1 :]


LOWER_CASE_NAMES = frozenset(
    [
        "containerd",
        "cri-o",
        "crio",
        "dockerd",
        "etcd",
        "kubectl",
        "kubeadm",
        "kubelet",
        "minikube",
        "npm",
        "pnpm",
        "npx",
        "yarn",
        "pip",
        "pipx",
        "conda",
        "uv",
        "ruff",
        "mypy",
        "pytest",
        "numpy",
        "pandas",
        "scipy",
        "matplotlib",
        "jupyter",
        "flask",
        "django",
        "fastapi",
        "git",
        "gh",
        "cargo",
        "rustc",
        "rustup",
        "go",
        "gofmt",
        "zig",
        "deno",
        "bun",
        "node",
        "nodejs",
        "webpack",
        "vite",
        "esbuild",
        "rollup",
        "babel",
        "eslint",
        "prettier",
        "jq",
        "curl",
        "wget",
        "bash",
        "zsh",
        "fish",
        "vim",
        "neovim",
        "emacs",
        "nginx",
        "systemd",
        "cron",
        "gcc",
        "clang",
        "llvm",
        "make",
        "cmake",
        "bazel",
        "helm",
        "kustomize",
        "terraform",
        "ansible",
        "podman",
        "buildah",
        "skopeo",
        "iptables",
        "eBPF",
        "ebpf",
        "wasm",
        "wasi",
        "grpc",
        "openssl",
        "ssh",
        "rsync",
        "sqlite",
        "postgres",
        "redis",
        "kafka",
    ]
)
"""Names written in lower case by their makers: never capitalised at the start of a point."""


# --- sentences ------------------------------------------------------------------------------

_ABBREVIATIONS = {
    "dr", "mr", "mrs", "ms", "st", "vs", "e.g", "i.e", "etc", "inc", "ltd", "jr", "sr", "no",
    "approx", "fig", "u.s", "prof", "co", "corp", "cf", "al", "mt", "ft", "vol",
}  # fmt: skip
_BOUNDARY = re.compile(r"[.!?…]+[\"'”’)\]]*(?:\*\*|\*)?[\"'”’)\]]*(?=\s+[\"'“‘(\[*`]*[A-Z0-9])")


def split_sentences(md: str) -> list[str]:
    """``md`` cut into sentences, never inside bold, code or a link."""
    md = tidy(md)
    out: list[str] = []
    start = 0
    for match in _BOUNDARY.finditer(md):
        end = match.end()
        before = md[start : match.start()]
        last_word = before.rsplit(" ", 1)[-1].lower().lstrip("(*\"'")
        if last_word in _ABBREVIATIONS or re.fullmatch(r"[a-z]", last_word):
            continue
        if not _balanced(md[start:end]):
            continue
        out.append(md[start:end].strip())
        start = end
    tail = md[start:].strip()
    if tail:
        out.append(tail)
    return out


def _balanced(md: str) -> bool:
    bare = re.sub(r"\\.", "", md)
    return (
        bare.count("**") % 2 == 0
        and bare.replace("**", "").count("*") % 2 == 0
        and bare.count("`") % 2 == 0
        and bare.count("[") == bare.count("]")
    )


_REPORTING = re.compile(
    r"^(?:He|She|They|It|We|[A-Z][\w'’-]+(?: [A-Z][\w'’-]+)?)\s+"
    r"(?:also\s+|then\s+|further\s+|later\s+)?"
    r"(?:explained|emphasi[sz]ed|highlighted|noted|showcased|detailed|described|discussed|"
    r"said|stated|argued|pointed out|shared|mentioned|stressed|underlined|revealed|"
    r"demonstrated|showed|illustrated|outlined|observed|claimed|added)\s+(?:how|that)\s+"
)


def point_text(sentence: str) -> str:
    """A sentence made into a bullet: no "He explained how" opening, no closing full stop."""
    stripped = _REPORTING.sub("", sentence, count=1)
    if stripped != sentence and words(stripped) >= 4:
        sentence = capitalize(stripped)
    sentence = sentence.strip()
    if sentence.endswith(".") and not sentence.endswith("..."):
        last = sentence[:-1].rsplit(" ", 1)[-1].lower()
        if last not in _ABBREVIATIONS:
            sentence = sentence[:-1]
    return capitalize(sentence)


def full_stop(text: str) -> str:
    text = text.strip()
    return text if not text or text[-1] in ".!?…:" else text + "."


_NOT_NAME_WORDS = """
    the a an and of for with in on to at by from into our your my its their this that what why
    how when where who new next more key keynote keynotes summary highlights highlight intro
    introduction overview day part session sessions announcements announcement launch launches
    recap conclusion closing opening takeaways takeaway references links resources notes agenda
    aws amazon google microsoft apple azure meta nvidia intel ibm oracle cloud ai ml gen genai
    generative machine learning data security project program open source developer developers
    platform platforms services service network networks networking storage compute computing
    chips chip silicon innovation innovations news update updates live night morning
    monday tuesday wednesday thursday friday saturday sunday demo demos customer customers partner
    partners panel fireside chat q&a questions answers future vision strategy product products
    engineering infrastructure serverless database databases analytics edge quantum models model
    building build scaling scale performance power partnership keynote: inference training
    general availability preview beta release releases feature features tools tool stack bonus
    part1 act chapter section lightning talk talks welcome thanks thank final thoughts lessons
    law laws principle principles rule rules theorem effect razor paradox
    """
NOT_NAMES = frozenset(_NOT_NAME_WORDS.split())
"""Words that are never part of a person's or a product's name."""


def title_text(text: str) -> str:
    """A title as written in a bullet or heading: one line, no colon or quotes around it."""
    return tidy(text).rstrip(":").strip().strip('"“”')


# --- titles and kinds of headings -----------------------------------------------------------


def guess_title(pieces: tuple[Piece, ...], md: str) -> str:
    """A slide title for a paragraph: its first short bold phrase, else its first words."""
    for piece in pieces:
        if piece.kind == "strong" and 1 <= words(piece.plain) <= 8:
            return capitalize(title_text(piece.plain))
    sentences = split_sentences(strip_md(md))
    first = point_text(sentences[0]) if sentences else strip_md(md)
    if words(first) <= 8:
        return first
    clause = re.split(r", |: |; | - | – | — ", first)[0]
    if 3 <= words(clause) <= 8 and clause.count("(") == clause.count(")"):
        return clause
    return " ".join(first.split()[:7]) + "…"


_KINDS = {
    "summary": (
        "summary", "tl;dr", "tldr", "tl dr", "key takeaways", "takeaways", "in short",
        "at a glance", "the gist", "in a nutshell", "executive summary", "key points",
    ),
    "references": (
        "references", "links", "resources", "further reading", "learn more", "sources",
        "see also", "useful links", "more information", "read more", "watch", "watch it",
        "related links", "reference",
    ),
    "credits": ("credits", "image credits", "copyright", "attribution", "acknowledgements",
                "acknowledgments", "license", "licence"),
    "announcements": (
        "announcements", "launches", "what's new", "whats new", "new announcements",
        "new services", "new launches", "product announcements", "new features",
        "key announcements", "all announcements", "new products", "what launched",
        "what was announced", "what's launching", "launched", "new releases", "releases",
    ),
    "generic": (
        "highlights", "key highlights", "keynote highlights", "details", "notes", "overview",
        "introduction", "intro", "agenda", "contents", "main points", "the keynote",
        "keynote", "my notes", "the talk", "talk", "session", "content",
    ),
}  # fmt: skip


def heading_kind(text: str) -> str | None:
    """summary, references, credits, announcements or generic for well-known headings."""
    norm = re.sub(r"^[\d.)\s]+", "", tidy(text).lower())
    norm = re.sub(r"[^\w'&;: ]+", "", norm).strip(" :")
    for kind, names in _KINDS.items():
        if norm in names:
            return kind
    return None


_SIGN_OFF = re.compile(
    r"\b(?:thanks? (?:you )?for reading|see you (?:next|at|in|soon)|follow me|subscribe|"
    r"happy (?:coding|hacking)|until next time|let me know (?:in the comments|what you think)|"
    r"stay tuned|that'?s (?:all|it) (?:for|from)|hope you (?:enjoyed|found|liked))\b",
    re.I,
)


def is_sign_off(text: str) -> bool:
    """True for the blog's closing words ("Thanks for reading! See you next year."): short
    text that speaks to the reader, never takeaways or a slide."""
    return bool(_SIGN_OFF.search(text)) and words(text) <= 40


_COPYRIGHT = re.compile(
    r"copyright|©|\(c\)\s*\d|all rights reserved|\bcc[- ]by\b|creative commons|licensed under"
    r"|images? (?:are |is )?(?:courtesy|credit)",
    re.I,
)


def is_copyright(text: str) -> bool:
    return bool(_COPYRIGHT.search(text))


_META = re.compile(
    r"\b(?:bold|italics?|font|preceded by|marked (?:with|as|in)|highlighted in)\b", re.I
)


def describes_markup(text: str) -> bool:
    """True for a note about the post's own formatting ("new services are in bold")."""
    return bool(_META.search(text))
