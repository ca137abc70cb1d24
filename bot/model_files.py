"""Loading a trained component's file that skops wrote, trusting only known types.

skops refuses to build objects of types it does not trust; each component names the few
types beyond skops' defaults that its file may hold. Anything else means the file is not
what we trained: loading fails loudly rather than answering with a broken model.
"""

from __future__ import annotations

from collections.abc import Set
from pathlib import Path
from typing import Any


def load_trusted(path: Path, allowed: Set[str]) -> Any:
    """The object stored at `path`; ValueError when it holds a type not in `allowed`."""
    import skops.io as sio

    found = set(sio.get_untrusted_types(file=path))
    if found - allowed:
        raise ValueError(f"untrusted types in {path}: {found - allowed}")
    return sio.load(path, trusted=sorted(found))
