"""Keeping a big build's peak memory close to what it holds.

A 500-slide build holds its deck, pictures and handout (tens of MB each) one after the other.
glibc's malloc serves blocks that large from ``mmap`` and gives them back when freed, but it
raises that threshold to the size of each such block freed, after which blocks of that size
come from the heap and stay in the process when freed: the peak grows by what earlier stages
let go. Fixing the threshold keeps large blocks returning to the system (about 15% off the
peak at 500 slides) for a few microseconds per large block; a small deck does not need it.
"""

from __future__ import annotations

import sys

LARGE_DECK = 150
"""Slides from which a build fixes the threshold."""
_M_MMAP_THRESHOLD = -3
_THRESHOLD = 128 * 1024
_done = False


def return_freed_memory() -> None:
    """Make blocks of 128 KiB and more go back to the system when freed (glibc only; once
    per process; elsewhere, nothing)."""
    global _done
    if _done or not sys.platform.startswith("linux"):
        return
    _done = True
    try:
        import ctypes

        ctypes.CDLL("libc.so.6").mallopt(_M_MMAP_THRESHOLD, _THRESHOLD)
    except (OSError, AttributeError):  # not glibc (musl, for one): its malloc does its own
        pass
