"""Progress bars on stderr (tqdm), shown only for long inputs on an interactive terminal."""

from __future__ import annotations

import sys
from typing import Iterable, Iterator, TypeVar

T = TypeVar("T")

# Below this many items a bar is noise: the work finishes before a reader could look at it.
MIN_ITEMS = 20


def progress_iter(items: Iterable[T], desc: str, unit: str, enabled: bool = True,
                  total: int | None = None) -> Iterator[T]:
    """``items`` with a progress bar; with ``total`` the items are not read ahead (results that
    arrive from worker processes are counted as they come)."""
    if total is None:
        items = list(items)
        total = len(items)
    if not enabled or total < MIN_ITEMS or not sys.stderr.isatty():
        yield from items
        return
    from tqdm import tqdm

    yield from tqdm(items, desc=desc, unit=unit, file=sys.stderr, leave=False, total=total)
