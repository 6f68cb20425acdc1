"""How fast one chat may write: at most N messages in T seconds are read at
once; the next ones wait their turn (and are answered), and only when too
many are waiting is the user told when they can write again. A message with
crisis words or signs of distress never waits (bot/telegram/app.py)."""
from __future__ import annotations

import collections
import dataclasses


@dataclasses.dataclass
class RateWindow:
    messages: int = 12
    seconds: float = 60.0
    max_waiting: int = 10
    _slots: collections.deque = dataclasses.field(default_factory=collections.deque)
    waiting: int = 0

    def delay(self, now: float) -> float | None:
        """Seconds this message waits for its turn (0: at once), with its
        turn reserved; None when too many already wait (see wait_for)."""
        while self._slots and self._slots[0] <= now - self.seconds:
            self._slots.popleft()
        wait = 0.0 if len(self._slots) < self.messages else self._slots[-self.messages] + self.seconds - now
        if wait > 0 and self.waiting >= self.max_waiting:
            return None
        self._slots.append(now + max(wait, 0.0))
        return max(wait, 0.0)

    def wait_for(self, now: float) -> float:
        """Seconds until a message would be read at once again."""
        if len(self._slots) < self.messages:
            return 0.0
        return max(0.0, self._slots[-self.messages] + self.seconds - now)
