"""Who is on stage and who is quoted: names, presenters in headings, roles, attributions."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from .blocks import Link, tidy
from .text import NOT_NAMES, capitalize, strip_md, words

_HONORIFIC = re.compile(r"^(?:Dr|Prof|Mr|Mrs|Ms|Mx|Sir|Dame)\.?\s+")
_PARTICLES = {"de", "van", "von", "der", "den", "da", "di", "del", "della", "la", "le", "bin",
              "al", "ibn", "dos", "du", "ter", "y"}  # fmt: skip
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


def slug(name: str) -> str:
    """A speaker id from a name: lowercase ASCII letters, digits and hyphens."""
    name = _HONORIFIC.sub("", name)
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:60].strip("-")


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
        if low in NOT_NAMES or any(ch.isdigit() for ch in word) or _CONCEPT.search(low):
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

    ``Name: Title``, ``Name - Role, Company[: Title]``, ``Name, Role``, ``Title - Name, Role``,
    ``Name on Topic``, ``Title (Name, Role)``, ``Title by|from|with Name, Role``.
    """
    text = tidy(text).strip(" *_")
    if text[:1] in _QUOTE_MARKS:
        return None  # a quotation and who said it, not a presenter
    shapes = (_name_first, _name_last, _name_on, _name_in_brackets, _name_after_by)
    return next((found for shape in shapes if (found := shape(text))), None)


def _name_first(text: str) -> Presenter | None:
    """``Name: Title``, ``Name - Role, Company[: Title]``, ``Name, Role``."""
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
    return None


def _name_last(text: str) -> Presenter | None:
    """``Title - Name, Role`` (the first of several presenters)."""
    parts = re.split(_DASH, text)
    if len(parts) < 2:
        return None
    found = _name_and_role(re.split(r"\s*;\s*|\s+&\s+", parts[-1])[0])
    if not found:
        return None
    return Presenter(found[0], found[1], found[2], " - ".join(parts[:-1]).strip())


def _name_on(text: str) -> Presenter | None:
    """``Van Lindberg on data economics``."""
    on = re.fullmatch(r"((?:\S+\s+){1,3}?\S+)\s+on\s+(.{3,})", text)
    if on and (name := person_name(on.group(1))):
        return Presenter(name, title=capitalize(on.group(2).strip()))
    return None


def _name_in_brackets(text: str) -> Presenter | None:
    """``Title (Name, Role)``."""
    match = re.fullmatch(r"(.+?)\s*\(([^()]+)\)", text)
    if match and (found := _name_and_role(match.group(2))):
        return Presenter(found[0], found[1], found[2], match.group(1).strip())
    return None


def _name_after_by(text: str) -> Presenter | None:
    """``Title by Name, Role`` (the talk's speaker), ``Keynote from Name at Event``,
    ``Title with Name``."""
    match = re.fullmatch(r"(.+?)\s+(by|from|with|featuring|ft\.)\s+(.+)", text, re.I)
    if match is None:
        return None
    found = _name_and_role(re.sub(r"\s+(?:at|@)\s+[A-Z].*$", "", match.group(3)))
    if not found:
        return None
    by = match.group(2).lower() in ("by", "from")
    return Presenter(found[0], found[1], found[2], match.group(1).strip(), by=by)


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


PROFILE_LINK = re.compile(
    r"//(?:www\.)?(?:twitter\.com|x\.com|threads\.net|bsky\.app|linkedin\.com|instagram\.com|"
    r"facebook\.com|mastodon\.\w+|github\.com/[\w-]+/?$)",
    re.I,
)
"""A link to someone's profile page: its text is a person's name."""
_KEYNOTE_WORDS = re.compile(r"\bkeynote|基調講演|discours d'ouverture|Eröffnungsvortrag", re.I)


def keynote_presenters(plain: str, links: tuple[Link, ...]) -> list[str]:
    """People a paragraph about the keynote links to their profile: "In the keynote,
    [Joe Savona](https://twitter.com/en_JS) shared...", in any language."""
    if not _KEYNOTE_WORDS.search(plain):
        return []
    names = [person_name(link.text) for link in links if PROFILE_LINK.search(link.href)]
    return list(dict.fromkeys(n for n in names if n))
