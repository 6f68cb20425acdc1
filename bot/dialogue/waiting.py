"""What the IND or the DVZ last published about waiting, as parts of an
answer: kept by national editors in the directory (bot/directory, "Waiting
figures"), said with its date and source, and flagged when it is more than
3 months old (the directory decides `stale`)."""
from __future__ import annotations

import calendar
import datetime as dt

from bot.core.catalogs import N_

STARTED = N_("waiting.started")
PEOPLE = N_("waiting.people")
STALE = N_("waiting.stale")
SOURCE = N_("waiting.source")
# The answers after which the latest figure is worth saying.
QUESTIONS = frozenset({"reunification_waiting_time", "reunification_status"})
RULES = frozenset({"nl_ind_decision", "be_dvz_decision"})


def figure_parts(figure: dict | None) -> list[dict]:
    """The parts saying a figure from the directory's API, or none when there
    is none (or it cannot be read: an answer never fails on it)."""
    if not figure:
        return []
    try:
        published = dt.date.fromisoformat(figure["published_on"]).isoformat()
        names = {"authority": str(figure["authority"])}
        parts = []
        if figure.get("started_up_to"):
            year, month = map(int, figure["started_up_to"].split("-"))
            last = calendar.monthrange(year, month)[1]
            parts.append({"key": STARTED, "dates": {"published": published}, "names": names,
                          "periods": {"month": [dt.date(year, month, 1).isoformat(),
                                                dt.date(year, month, last).isoformat()]}})
        if figure.get("people_waiting") is not None:
            parts.append({"key": PEOPLE, "dates": {"published": published}, "names": names,
                          "numbers": {"people": int(figure["people_waiting"])}})
        if not parts or not str(figure.get("source_url", "")).startswith("https://"):
            return []
    except (KeyError, TypeError, ValueError):
        return []
    if figure.get("stale"):
        parts.append({"key": STALE})
    parts.append({"key": SOURCE, "links": {"url": figure["source_url"]}})
    return parts
