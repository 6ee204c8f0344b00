"""Names printed in capitals ("JOHN MCDONALD") shown and exported in proper case ("John McDonald").

The stored name stays as printed (Review shows and corrects the printed form); only what is shown
and exported goes through here. nameparser's capitalisation knows Mc/Mac, O', van/de/la particles,
hyphenated names, titles and suffixes (PhD, III), so no rules of our own. A name with any lower-case
letter was written that way on purpose and is left alone, as are scripts without case.
"""
from __future__ import annotations


def shouts(text: str) -> bool:
    """True when every cased letter is a capital (and there are at least two of them)."""
    cased = [c for c in text if c.isupper() or c.islower()]
    return len(cased) >= 2 and all(c.isupper() for c in cased)


def proper_case(name: str) -> str:
    """`name` in proper case when it is all in capitals, else unchanged."""
    if not shouts(name):
        return name
    # ~0.1 s to import: loaded by the first name in capitals, not at the app's start
    from nameparser import HumanName

    parsed = HumanName(name)
    parsed.capitalize(force=True)
    return str(parsed) or name


def proper_parts(full_name: str, *parts: str) -> tuple[str, ...]:
    """The parts of a name (given, family, ...) cased as they appear in proper_case(full_name), so
    "VAN DER BERG" becomes "van der Berg" as it does inside the whole name."""
    proper = proper_case(full_name) if full_name else ""
    folded = proper.casefold()
    out = []
    for part in parts:
        if not shouts(part):
            out.append(part)
            continue
        at = folded.find(part.casefold()) if proper else -1
        out.append(proper[at:at + len(part)] if at >= 0 else proper_case(part))
    return tuple(out)


def shown_name(name: str, company: str = "") -> str:
    """The name to show or export: a person's name in capitals in proper case; the company or an
    email address standing in for a missing name stays as printed ("IBM" is not "Ibm")."""
    if not name or name == company or "@" in name:
        return name
    return proper_case(name)
