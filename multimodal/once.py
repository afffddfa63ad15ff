"""A value built on first use and then shared by the whole process."""

from __future__ import annotations

import threading
from typing import Callable, Generic, TypeVar

T = TypeVar("T")


class Once(Generic[T]):
    """``get()`` builds the value with ``factory`` the first time (under a lock, so only once) and
    returns the same value afterwards; a factory that raises is tried again on the next call."""

    def __init__(self, factory: Callable[[], T]):
        self._factory = factory
        self._lock = threading.Lock()
        self._value: T | None = None

    def get(self) -> T:
        with self._lock:
            if self._value is None:
                self._value = self._factory()
            return self._value
