"""Folding text for matching by rules: lower case, accents removed ("suïcide" = "suicide"), or
lower case and words only ("Wat is hechting?" == "wat is hechting")."""

from __future__ import annotations

import re
import unicodedata


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def normalise(text: str) -> str:
    """Lower case, letters and digits only: "Wat is hechting?" == "wat is hechting"."""
    return " ".join(re.findall(r"\w+", text.lower()))
