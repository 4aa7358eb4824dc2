"""The "did you mean" of a misspelt name."""

from __future__ import annotations

from collections.abc import Iterable


def closest(word: str, candidates: Iterable[str]) -> str | None:
    """The candidate `word` most likely misspells, or None when none is close."""
    import difflib  # only where something is misspelt: most runs never need it

    matches = difflib.get_close_matches(word, list(candidates), n=1)
    return matches[0] if matches else None
