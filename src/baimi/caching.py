"""Short per-process caches for rows read on every request and changed rarely (API keys, help
categories, residents' groups' centres).

Each is a ``cachetools.TTLCache``: an entry is re-read after its seconds, so a change made by another
process counts within that time. A change saved in this process should call ``forget`` (the apps
connect their models' save and delete signals to it), and tests start each case with ``forget_all``.
"""

from __future__ import annotations

from typing import Any

from cachetools import TTLCache

_ALL: list[TTLCache[Any, Any]] = []


def process_cache(seconds: float, size: int = 256) -> TTLCache[Any, Any]:
    cache: TTLCache[Any, Any] = TTLCache(maxsize=size, ttl=seconds)
    _ALL.append(cache)
    return cache


def forget_all(*args: object, **kwargs: object) -> None:
    """Empty every process cache (signature fits a signal receiver)."""
    for cache in _ALL:
        cache.clear()
