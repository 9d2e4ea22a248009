"""Text heuristics for ``recapdeck import``: sentences, names, lead-ins and ``New **X**`` marks.

Everything here works on one stretch of text at a time (a heading, a bullet, a paragraph) that
markdown-it has already parsed; the document structure is handled in :mod:`.mapping`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

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


def slug(name: str) -> str:
    """A speaker id from a name: lowercase ASCII letters, digits and hyphens."""
    name = _HONORIFIC.sub("", name)
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:60].strip("-")


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


# --- people ---------------------------------------------------------------------------------

_HONORIFIC = re.compile(r"^(?:Dr|Prof|Mr|Mrs|Ms|Mx|Sir|Dame)\.?\s+")
_PARTICLES = {"de", "van", "von", "der", "den", "da", "di", "del", "della", "la", "le", "bin",
              "al", "ibn", "dos", "du", "ter", "y"}  # fmt: skip
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
_NOT_NAMES = set(_NOT_NAME_WORDS.split())
_ROLE_WORDS = re.compile(
    r"\b(?:ceo|cto|cfo|coo|cio|ciso|cmo|vp|svp|evp|avp|president|director|founder|co-founder|"
    r"cofounder|head|lead|manager|engineer|chief|principal|distinguished|fellow|scientist|"
    r"architect|evangelist|advocate|chair|chairman|chairwoman|partner|professor|author|officer|"
    r"maintainer|developer|researcher|gm|general manager|executive|analyst|editor)\b",
    re.I,
)


_TOP_ROLES = re.compile(
    r"\b(?:ceo|cto|cfo|coo|cio|ciso|founder|co-founder|cofounder|president|chair|chairman)\b",
    re.I,
)


_CONCEPT = re.compile(r"(?:\w{4,}(?:ity|tion|sion|ness|ism|ship)|\w{6,}(?:ing|ment))$")
"""Endings of abstract nouns ("Increasing Complexity", "Self Regulation"): no one's name."""


def person_name(text: str) -> str | None:
    """``text`` (trimmed) when it reads like a person's name, such as "Dr. Werner Vogels"."""
    text = tidy(text).strip(" *_\"'“”")
    body = _HONORIFIC.sub("", text)
    parts = body.split()
    if not 2 <= len(parts) <= 4:
        return None
    for i, word in enumerate(parts):
        low = word.lower().strip(".,")
        if low in _PARTICLES and 0 < i < len(parts) - 1:
            continue
        if low in _NOT_NAMES or any(ch.isdigit() for ch in word) or _CONCEPT.search(low):
            return None
        if not re.fullmatch(r"[^\W\d_][\w'’.-]*", word) or not word[0].isupper():
            return None
        letters = word.replace(".", "").replace("-", "")
        if len(letters) > 1 and letters.isupper():
            return None  # CEO, AWS: an acronym, not a name
    return text


@dataclass(frozen=True)
class Presenter:
    """A person named in a heading, with what the heading says about them."""

    name: str
    role: str | None = None
    company: str | None = None
    title: str | None = None
    """The talk's title, when the heading gives one beside the name."""
    by: bool = False
    """True for "<talk> by <name>" headings, which name the whole talk's speaker."""


_DASH = r"\s+[-–—|]\s+"


def presenter(text: str) -> Presenter | None:
    """The person a heading names, for the heading styles posts use for presenters.

    ``Name: Title``, ``Name - Role, Company[: Title]``, ``Title - Name, Role``,
    ``Title (Name, Role)``, ``Title by Name, Role`` and ``Title with Name``.
    """
    text = tidy(text).strip(" *_")
    if text[:1] in _QUOTE_MARKS:
        return None  # a quotation and who said it, not a presenter
    head, colon, tail = text.partition(": ")
    if colon and (name := person_name(head)) and tail:
        return Presenter(name, title=tail.strip())
    parts = re.split(_DASH, text, maxsplit=1)
    if len(parts) == 2 and (name := person_name(parts[0])):
        role_part, colon, title = parts[1].split(";")[0].partition(": ")
        role, company = role_and_company(role_part)
        return Presenter(name, role, company, title.strip() or None)
    comma = text.split(", ", 1)
    if len(comma) == 2 and (name := person_name(comma[0])) and _ROLE_WORDS.search(comma[1]):
        role, company = role_and_company(comma[1])
        return Presenter(name, role, company)
    parts = re.split(_DASH, text)
    if len(parts) >= 2:
        found = _name_and_role(re.split(r"\s*;\s*|\s+&\s+", parts[-1])[0])
        if found:
            return Presenter(found[0], found[1], found[2], " - ".join(parts[:-1]).strip())
    on = re.fullmatch(r"((?:\S+\s+){1,3}?\S+)\s+on\s+(.{3,})", text)
    if on and (name := person_name(on.group(1))):
        return Presenter(name, title=capitalize(on.group(2).strip()))  # "Van Lindberg on data"
    match = re.fullmatch(r"(.+?)\s*\(([^()]+)\)", text)
    if match and (found := _name_and_role(match.group(2))):
        return Presenter(found[0], found[1], found[2], match.group(1).strip())
    match = re.fullmatch(r"(.+?)\s+(by|from|with|featuring|ft\.)\s+(.+)", text, re.I)
    who = re.sub(r"\s+(?:at|@)\s+[A-Z].*$", "", match.group(3)) if match else ""
    if match and (found := _name_and_role(who)):
        return Presenter(
            found[0],
            found[1],
            found[2],
            match.group(1).strip(),
            by=match.group(2).lower() in ("by", "from"),
        )
    return None


def presenters(text: str) -> list[Presenter]:
    """Everyone a heading names: ``Talk - Ann Lee, CTO, Acme; Bo Chen & Cy Diaz, Loomworks``
    gives three presenters (the first as :func:`presenter` reads it)."""
    first = presenter(text)
    if first is None:
        return []
    parts = re.split(_DASH, tidy(text).strip(" *_"))
    tail = parts[-1] if len(parts) >= 2 else ""
    people: list[Presenter] = []
    for group in re.split(r"\s*;\s*", tail):
        names, _, rest = group.partition(", ")
        role, company = role_and_company(rest) if rest else (None, None)
        for name in re.split(r"\s+(?:&|and)\s+", names):
            if person_name(name):
                people.append(Presenter(name.strip(), role, company, first.title, first.by))
    if len(people) <= 1 or people[0].name != first.name:
        return [first]
    return people


def _name_and_role(text: str) -> tuple[str, str | None, str | None] | None:
    first, _, rest = text.partition(", ")
    name = person_name(first)
    if not name:
        return None
    role, company = role_and_company(rest) if rest else (None, None)
    return name, role, company


def role_and_company(text: str) -> tuple[str | None, str | None]:
    """Split ``Founder & CEO of Nvidia`` or ``Chief Officer, Pfizer`` into role and company.

    Only a one-word company after a role word is split off; anything else stays the role.
    """
    text = text.strip(" ,")
    if not text:
        return None, None
    patterns = (
        (r"(.+?),\s+([A-Z][\w&.'’-]*)", _ROLE_WORDS),
        (r"(.+?)\s+(?:at|@)\s+([A-Z][\w&.'’-]*)", _ROLE_WORDS),
        # "VP of Storage" names a department; "CEO of Nvidia" names a company.
        (r"(.+?)\s+of\s+([A-Z][\w&.'’-]*)", _TOP_ROLES),
    )
    for pattern, role_words in patterns:
        match = re.fullmatch(pattern, text)
        if match and role_words.search(match.group(1)) and not _ROLE_WORDS.search(match.group(2)):
            return match.group(1).strip(), match.group(2).rstrip(".")
    if not _ROLE_WORDS.search(text) and re.fullmatch(
        r"[A-Z][\w&.'’-]*(?:\s+[A-Z][\w&.'’-]*){0,2}", text
    ):
        return None, text  # "Loomworks", "Red Hat": a company, not a role
    return text, None


def role_in_text(name: str, text: str) -> tuple[str | None, str | None]:
    """Role and company a paragraph gives for ``name``: "Dave Brown, VP of X, took the stage",
    "Tom Brown of Anthropic", "Jane Doe (CTO, Acme)"."""
    escaped = re.escape(_HONORIFIC.sub("", name))
    match = re.search(escaped + r",\s+(?:the\s+|our\s+)?([^,.;:()]{3,80}?),", text)
    if match and (_ROLE_WORDS.search(match.group(1)) or match.group(1)[:1].isupper()):
        return role_and_company(match.group(1))
    match = re.search(escaped + r"\s+\(([^()]{3,80})\)", text)
    if match:
        return role_and_company(match.group(1))
    company = r"([A-Z][\w&.'’-]*(?:\s+[A-Z][\w&.'’-]*){0,2})"
    match = re.search(escaped + r"\s+(?:of|from)\s+" + company, text)
    if match:
        return None, match.group(1)
    return None, None


_STAGE_VERBS = (
    r"(?:opened|closed|kicked off|took the stage|came on stage|presented|gave|delivered|spoke|"
    r"talked|shared|showed|demoed|demonstrated|introduced|announced|explained|joined|walked|"
    r"started|began|ended|wrapped up|followed|hosted)"
)
_INTRODUCED = re.compile(
    r"(?:^|\.\s+|,\s+)(?P<name>(?:Dr\.?\s+)?[A-Z][\w'’.-]+(?:\s+[A-Za-z][\w'’.-]+){1,3}),\s+"
    r"(?P<role>(?:[^.;:()]|\.(?=\S)){3,160}?),\s+(?:who\s+)?" + _STAGE_VERBS + r"\b"
)
_PRESENTED = re.compile(
    r"(?:^|\.\s+|,\s+)(?P<name>(?:Dr\.?\s+)?[A-Z][\w'’.-]+(?:\s+[A-Za-z][\w'’.-]+){1,3})\s+"
    r"(?:presented|gave|delivered)\s+(?:the|a|an|his|her|their)\s+[^.]{0,60}?\b"
    r"(?:talk|keynote|session|address)\b"
)


def introduced_people(text: str) -> list[tuple[str, str | None, str | None]]:
    """People the prose introduces on stage, with role and company: "Sarah Lee, CEO of
    Fernbank, closed the morning", "Jeff Bezanson presented the State of Julia talk"."""
    found: list[tuple[str, str | None, str | None]] = []
    for match in _INTRODUCED.finditer(text):
        name = person_name(match.group("name"))
        if name:
            role_text = match.group("role").split(", ")[0]
            role, company = role_and_company(role_text)
            found.append((name, role, company))
    for match in _PRESENTED.finditer(text):
        name = person_name(match.group("name"))
        if name and all(name != f[0] for f in found):
            found.append((name, None, None))
    return found


# --- lead-ins and announcements -------------------------------------------------------------


@dataclass(frozen=True)
class Lead:
    """How a bullet starts: its title and the rest, and whether it is ``New **X**``."""

    title: str
    rest: tuple[Piece, ...]
    new: bool = False


_NEW_WORD = re.compile(r"^\s*(?:\(new\)|\[new\]|new)\s*[:!\-–—]?\s*$", re.I)
_NEW_BEFORE = re.compile(r"(?:^|[\s(\[])(?:\(new\)|\[new\]|new)\s*[:!]?\s*$", re.I)
_NEW_INSIDE = re.compile(r"^\s*(?:\(new\)|\[new\]|new:)\s*", re.I)
_AFTER_LEAD = re.compile(r"^\s*(?::|[-–—]\s)\s*")


def _trim(pieces: tuple[Piece, ...]) -> tuple[Piece, ...]:
    out = list(pieces)
    while out and out[0].kind == "text" and not out[0].plain.strip():
        out.pop(0)
    while out and out[-1].kind == "text" and not out[-1].plain.strip():
        out.pop()
    return tuple(out)


def _drop_prefix(pieces: tuple[Piece, ...], pattern: re.Pattern[str]) -> tuple[Piece, ...]:
    if pieces and pieces[0].kind == "text":
        first = pieces[0]
        md = pattern.sub("", first.md, count=1)
        plain = pattern.sub("", first.plain, count=1)
        return _trim((Piece("text", md, plain), *pieces[1:]))
    return pieces


def find_lead(pieces: tuple[Piece, ...]) -> Lead | None:
    """The lead-in of a bullet: ``**Title:** text``, ``New **X**: text``, ``Label: text``."""
    ps = _trim(pieces)
    if not ps:
        return None
    new_first = len(ps) >= 2 and ps[0].kind == "text" and _NEW_WORD.match(ps[0].plain)
    if new_first and ps[1].kind == "strong":
        return Lead(_title(ps[1].plain), _drop_prefix(ps[2:], _AFTER_LEAD), new=True)
    if ps[0].kind == "strong":
        lead = _bold_lead(ps)
        if lead is not None:
            return lead
    return _label_lead(ps)


def _bold_lead(ps: tuple[Piece, ...]) -> Lead | None:
    """``**Title:** text`` or ``**Title** - text``, ``**(New) X**`` marking a launch."""
    inner = ps[0].plain.strip()
    new = bool(_NEW_INSIDE.match(inner))
    title = _title(_NEW_INSIDE.sub("", inner))
    nxt = ps[1] if len(ps) > 1 else None
    if (
        inner.endswith(":")
        or nxt is None
        or (nxt.kind == "text" and _AFTER_LEAD.match(nxt.plain) and nxt.plain.strip())
    ):
        return Lead(title, _drop_prefix(ps[1:], _AFTER_LEAD), new=new)
    return None


def _label_lead(ps: tuple[Piece, ...]) -> Lead | None:
    """A short plain label ending in a colon: "Key message: ..."."""
    label_plain: list[str] = []
    for i, piece in enumerate(ps):
        if piece.kind == "text":
            match = re.search(r":(?:\s|$)", piece.plain)
            if match:
                label = "".join(label_plain) + piece.plain[: match.start()]
                return _after_label(label, piece, match.end(), ps[i + 1 :])
        label_plain.append(piece.plain)
    return None


def _after_label(label: str, piece: Piece, end: int, following: tuple[Piece, ...]) -> Lead | None:
    if not (1 <= words(label) <= 8 and label.strip()):
        return None
    md_match = re.search(r":(?:\s|$)", piece.md)
    after = piece.md[md_match.end() :] if md_match else ""
    rest = _trim((Piece("text", after, piece.plain[end:]), *following))
    bold = [p for p in rest if p.plain.strip(" :")]
    if len(bold) == 1 and bold[0].kind == "strong":
        # "ReInvent: **Bold bets by Amazon**:" is a title in two parts.
        return Lead(_title(f"{label}: {bold[0].plain}"), ())
    if rest:
        return Lead(_title(label), rest)
    return None


def _title(text: str) -> str:
    return tidy(text).rstrip(":").strip().strip('"“”')


@dataclass(frozen=True)
class NewMark:
    """A product marked as new: ``New **X**``; ``doubtful`` when written in lower case."""

    name: str
    summary: str
    status: str | None
    doubtful: bool


def new_marks(pieces: tuple[Piece, ...]) -> list[NewMark]:
    """Every ``New **X**`` / ``(New) **X**`` in ``pieces``, with the words that follow it."""
    marks: list[NewMark] = []
    for i, piece in enumerate(pieces):
        if piece.kind != "strong":
            continue
        inner = piece.plain.strip()
        before = pieces[i - 1].plain if i and pieces[i - 1].kind == "text" else ""
        if _NEW_INSIDE.match(inner):
            name = _NEW_INSIDE.sub("", inner)
            doubtful = False
        elif i and (word := _NEW_BEFORE.search(before)):
            name = inner
            doubtful = "new" in word.group(0)  # written in lower case
        else:
            continue
        name = _title(name)
        if not name:
            continue
        following = "".join(p.md for p in pieces[i + 1 :])
        sentences = split_sentences(following)
        summary = sentences[0] if sentences else ""
        summary = re.sub(r"^[\s,:;\-–—]+", "", summary).strip()
        whole = strip_md(before + " " + inner + " " + summary)
        marks.append(NewMark(name, full_stop(capitalize(summary)), status_of(whole), doubtful))
    return marks


_STATUSES = (
    ("preview", re.compile(r"\bpreview\b", re.I)),
    ("beta", re.compile(r"\bbeta\b", re.I)),
    ("generally available", re.compile(r"\bgenerally available\b|\bgeneral availability\b|\bGA\b")),
    ("coming soon", re.compile(r"\bcoming soon\b", re.I)),
    ("open source", re.compile(r"\bopen[- ]sourced?\b", re.I)),
    ("available", re.compile(r"\b(?:now available|available (?:today|now))\b", re.I)),
)


def status_of(text: str) -> str | None:
    """A launch status named in ``text``: preview, beta, generally available, coming soon,
    open source or available."""
    return next((status for status, pattern in _STATUSES if pattern.search(text)), None)


_LAUNCH_WORDS = re.compile(
    r"\b(?:announc\w*|launch\w*|introduc\w*|unveil\w*|now available|"
    r"generally available|GA|preview|beta|coming soon|open[- ]sourced?)\b",
)


def sounds_like_launch(text: str) -> bool:
    """True when ``text`` uses the language of launches ("now in preview", "introducing")."""
    return bool(_LAUNCH_WORDS.search(text)) or status_of(text) is not None


_NAME = (
    r"((?:[A-Z][\w.+#-]*|\d+[A-Za-z][\w.+#-]*)"
    r"(?:\s+(?:of\s+|for\s+|on\s+)?(?:[A-Z0-9][\w.+#-]*))*)"
)
_ANNOUNCED = re.compile(
    r"\b(?:announced|unveiled|launched|introduced|introducing|open-sourced|released)\s+"
    r"(?:the\s+|a\s+|an\s+|its\s+|their\s+)?(?:[Nn]ew\s+)?" + _NAME
)
_WAS_ANNOUNCED = re.compile(
    _NAME + r"\s+(?:was|were|is|are|has been|have been)\s+(?:now\s+|also\s+)?"
    r"(?:announced|launched|unveiled|released|introduced|open[- ]sourced|generally available|"
    r"available|in preview|in beta|coming soon)\b"
)


_PRONOUNS = {"he", "she", "they", "it", "we", "i", "you", "this", "that", "these", "those"}


def announced_names(text: str) -> list[str]:
    """Capitalised names the text says were launched: "announced X", "X is now generally
    available", "X was open-sourced"."""
    names = []
    for pattern in (_ANNOUNCED, _WAS_ANNOUNCED):
        for match in pattern.finditer(text):
            name = re.sub(r"^(?:The|A|An|Our|Its)\s+", "", match.group(1).rstrip(".,"))
            first = name.split()[0].lower() if name else ""
            if 1 <= words(name) <= 6 and name.lower() not in _NOT_NAMES and first not in _PRONOUNS:
                names.append(name)
    return list(dict.fromkeys(names))


def looks_like_product(text: str) -> bool:
    """True for a short capitalised name such as "Nimbus Lens" or "Quartz DB"."""
    ws = text.split()
    if not 1 <= len(ws) <= 8 or heading_kind(text) or ":" in text or ws[0] in ("The", "A"):
        return False  # "The Scale-Up Challenge: Trainium2 Unveiled" is a story's title
    capitals = sum(1 for w in ws if w[:1].isupper() or w[:1].isdigit())
    return capitals * 2 > len(ws) and ws[0][:1].isupper()


_STATUS_SUFFIX = re.compile(
    r"\s*(?:\((?:beta|preview|GA|generally available|coming soon|new)\)|"
    r"[,:\-–—]\s*(?:beta|preview|GA|generally available|coming soon|now available))\s*$",
    re.I,
)


def without_status(name: str) -> str:
    """``Nimbus Pulse (beta)`` or ``Nimbus Relay, GA`` without the status."""
    return _STATUS_SUFFIX.sub("", name).strip()


# --- titles and kinds of headings -----------------------------------------------------------


def guess_title(pieces: tuple[Piece, ...], md: str) -> str:
    """A slide title for a paragraph: its first short bold phrase, else its first words."""
    for piece in pieces:
        if piece.kind == "strong" and 1 <= words(piece.plain) <= 8:
            return capitalize(_title(piece.plain))
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


# --- quotes ---------------------------------------------------------------------------------

_ATTRIBUTION = re.compile(
    r"(?:^|(?<=[\s.!?\"”’'*_]))(?:\\?-{1,2}|—|–|―|~)\s*(?P<who>[^-—–―~\"“”]{2,80})$"
)
_QUOTE_MARKS = "\"“”„'‘’«»"


def unquote(text: str) -> str:
    """``text`` without the quotation marks around it."""
    return text.strip().strip(_QUOTE_MARKS).strip()


def split_attribution(text: str) -> tuple[str, str] | None:
    """The quoted words and who said them, when ``text`` ends with "- Name" (or ``--``,
    ``—``, ``~``, an escaped ``\\-``); the name may be bold or italic and may add a role."""
    text = tidy(text)
    match = _ATTRIBUTION.search(text)
    if not match:
        return None
    who = strip_md(match.group("who")).strip(" *_")
    name = who.split(",")[0].strip()
    if not (person_name(name) or (1 <= words(name) <= 4 and name[:1].isupper())):
        return None
    said = unquote(text[: match.start()].rstrip(" \\"))
    return (said, who) if said else None


def quoted_bullet(text: str) -> tuple[str, str] | None:
    """A bullet that is a quotation and a name: ``"Ship it." - **Jane Doe**``."""
    plain = strip_md(text)
    if not plain[:1] or plain[0] not in _QUOTE_MARKS:
        return None
    found = split_attribution(plain)
    if found is None or not person_name(found[1].split(",")[0]):
        return None
    return found


_INTRODUCES_QUOTE = re.compile(
    r"(?P<name>[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+){1,3})\s+(?:\w+\s+)?"
    r"(?:said|asked|told|put it|wrote|quipped|joked|noted|remarked)\b[^:]{0,40}:$"
)


def quote_introducer(text: str) -> str | None:
    """The person a line introducing a quotation names: "Naomi Ceder asked the room:"."""
    match = _INTRODUCES_QUOTE.search(tidy(text))
    return person_name(match.group("name")) if match else None


def name_line(text: str) -> str | None:
    """The name in a line that only names who said the quote above it: ``*— Jane Doe*``."""
    plain = tidy(text).lstrip("-—–―~ ").strip(" *_")
    name = plain.split(",")[0]
    return plain if person_name(name) else None


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
