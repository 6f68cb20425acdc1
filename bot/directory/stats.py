"""What newcomers ask, per municipality: the monthly counters of asked
questions (models.QuestionCount) as tables, the topics asked where the
municipality has no service yet, and a chart of questions per month.

Small counts are never shown. A count from 1 to 9 is shown as "<10" (primary
suppression). A month's total is shown (≥ 10), so a row of the topic table
or the language table with exactly one "<10" would give that count away
(total minus the rest): then the row's smallest other count is hidden too
(secondary suppression, shown as "×"). Zero is shown as 0: it tells no one
anything about a person."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from babel.dates import format_date
from django.conf import settings
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import get_language

from .categories import CATEGORIES, label
from .models import LANGUAGES, Municipality, QuestionCount, Service

MONTHS_SHOWN = 12
SUPPRESSED = "<10"
HIDDEN = "×"


@dataclass
class Cell:
    count: int
    shown: str = ""

    @property
    def visible(self) -> bool:
        return self.shown not in (SUPPRESSED, HIDDEN)


def months_back(count: int, last: dt.date | None = None) -> list[dt.date]:
    month = (last or timezone.localdate()).replace(day=1)
    months = []
    for _ in range(count):
        months.append(month)
        month = (month - dt.timedelta(days=1)).replace(day=1)
    return months[::-1]


def show(count: int, minimum: int) -> str:
    return SUPPRESSED if 0 < count < minimum else str(count)


def suppress_row(cells: list[Cell], total_known: bool, minimum: int) -> None:
    """Primary suppression of each cell, then, when the row's total is known, a
    second cell so that no single suppressed count is the total minus the rest."""
    for cell in cells:
        cell.shown = show(cell.count, minimum)
    if not total_known:
        return
    suppressed = [cell for cell in cells if not cell.visible]
    if len(suppressed) == 1:
        others = [cell for cell in cells if cell.visible and cell.count > 0]
        if others:
            min(others, key=lambda cell: cell.count).shown = HIDDEN


def month_name(month: dt.date) -> str:
    return format_date(month, "MMM yyyy", locale=(get_language() or "nl")[:2])


def language_label(code: str) -> str:
    from .forms import language_name
    return language_name(code)


def table(municipality: Municipality, last: dt.date | None = None) -> dict:
    """Everything the statistics page shows for one municipality, already suppressed."""
    minimum = settings.SERVICES_STATS_MIN_COUNT
    months = months_back(MONTHS_SHOWN, last)
    counts = (QuestionCount.objects.filter(municipality=municipality, month__gte=months[0], month__lte=months[-1])
              .values("month", "category", "language").annotate(n=Sum("count")))
    by_topic: dict[tuple, int] = {}
    by_language: dict[tuple, int] = {}
    for row in counts:
        by_topic[row["month"], row["category"]] = by_topic.get((row["month"], row["category"]), 0) + row["n"]
        by_language[row["month"], row["language"]] = by_language.get((row["month"], row["language"]), 0) + row["n"]
    topics = [slug for slug in CATEGORIES if any(by_topic.get((m, slug)) for m in months)]
    languages = [code for code in LANGUAGES if any(by_language.get((m, code)) for m in months)]
    rows = []
    for month in months:
        total = Cell(sum(n for (m, _topic), n in by_topic.items() if m == month))
        total.shown = show(total.count, minimum)
        topic_cells = [Cell(by_topic.get((month, slug), 0)) for slug in topics]
        language_cells = [Cell(by_language.get((month, code), 0)) for code in languages]
        suppress_row(topic_cells, total.visible, minimum)
        suppress_row(language_cells, total.visible, minimum)
        rows.append({"month": month, "name": month_name(month), "total": total, "topics": topic_cells,
                     "languages": language_cells})
    return {"months": rows, "topics": [(slug, label(slug)) for slug in topics],
            "languages": [(code, language_label(code)) for code in languages],
            "gaps": gaps(municipality, rows, topics), "chart": chart(rows)}


def gaps(municipality: Municipality, rows: list[dict], topics: list[str]) -> list[dict]:
    """Topics asked in the last three months for which the municipality has no
    published service of its own, newest month first."""
    covered = set()
    for categories in Service.objects.filter(municipality=municipality, is_active=True).values_list(
            "categories", flat=True):
        covered.update(categories)
    found = []
    for row in reversed(rows[-3:]):
        for slug, cell in zip(topics, row["topics"]):
            if cell.count and slug not in covered and cell.shown != HIDDEN:
                found.append({"month": row["name"], "topic": slug, "label": label(slug), "shown": cell.shown})
    return found


def chart(rows: list[dict], width: int = 720, height: int = 220) -> dict:
    """Bars of the questions per month, for an inline SVG (no script, no CDN): a
    month under 10 as a low hatched bar marked <10."""
    left, bottom, top = 40, 30, 16
    plot_height = height - bottom - top
    visible = [row["total"].count for row in rows if row["total"].visible]
    peak = max(visible, default=10)
    step = 10 ** max(len(str(peak)) - 1, 1)
    scale_max = ((peak + step - 1) // step) * step or 10
    slot = (width - left - 8) / max(len(rows), 1)
    bars = []
    for index, row in enumerate(rows):
        total = row["total"]
        shown_height = plot_height * (total.count / scale_max) if total.visible else (
            plot_height * 0.04 if total.count else 0)
        x = left + index * slot + slot * 0.15
        bars.append({"x": round(x, 1), "width": round(slot * 0.7, 1),
                     "y": round(top + plot_height - shown_height, 1), "height": round(shown_height, 1),
                     "label": total.shown, "suppressed": not total.visible and total.count > 0,
                     "month": row["name"].split(" ")[0], "label_x": round(x + slot * 0.35, 1),
                     "label_y": round(top + plot_height - shown_height - 3, 1)})
    ticks = [{"value": value, "y": round(top + plot_height - plot_height * value / scale_max, 1)}
             for value in (0, scale_max // 2, scale_max)]
    return {"width": width, "height": height, "bars": bars, "ticks": ticks, "left": left, "tick_x": left - 4,
            "baseline": top + plot_height, "month_y": height - 10}


def municipalities_for(user):
    """The municipalities whose statistics the user may see: their own; all for
    national editors and superusers."""
    from . import permissions

    if permissions.is_national_editor(user):
        return Municipality.objects.all()
    code = permissions.default_municipality(user)
    return Municipality.objects.filter(pk=code) if code else Municipality.objects.none()
