"""What answers are made of besides their text: the response declarations of
domain.yml (variants, buttons) and the sources, figures, durations and dates
of sources.yml."""
from __future__ import annotations

import dataclasses
import datetime
import functools
import pathlib

import yaml

ROOT = pathlib.Path(__file__).resolve().parents[2]
SOURCES = pathlib.Path(__file__).with_name("sources.yml")


@dataclasses.dataclass(frozen=True)
class Response:
    name: str
    catalog: str            # catalog key of the general answer
    variants: dict          # condition ("be", "family", "no_municipality") -> catalog key
    buttons: tuple          # ({"title": key, "payload": ...}, ...)
    composed: bool = False  # made of the catalog parts the action passes (no key of its own)


@dataclasses.dataclass(frozen=True)
class Content:
    responses: dict         # response name -> Response
    checked: datetime.date
    sources: dict           # catalog key -> [url, ...]
    links: dict             # placeholder -> url
    numbers: dict
    durations: dict         # placeholder -> (amount, unit)
    dates: dict
    gp_hours: tuple


def _time(value: str) -> datetime.time:
    return datetime.time.fromisoformat(value)


@functools.lru_cache(maxsize=None)
def load_content(domain_path: pathlib.Path = ROOT / "domain.yml", sources_path: pathlib.Path = SOURCES) -> Content:
    domain = yaml.safe_load(domain_path.read_text(encoding="utf-8"))
    responses = {}
    for name, variations in domain["responses"].items():
        custom = variations[0].get("custom") or {}
        responses[name] = Response(name, custom.get("catalog", name), dict(custom.get("variants") or {}),
                                   tuple(custom.get("buttons") or ()), bool(custom.get("composed")))
    sources = yaml.safe_load(sources_path.read_text(encoding="utf-8"))
    return Content(
        responses=responses,
        checked=sources["checked"],
        sources=sources["sources"],
        links=sources["links"],
        numbers=sources.get("numbers") or {},
        durations={name: tuple(value) for name, value in (sources.get("durations") or {}).items()},
        dates=sources["dates"],
        gp_hours=tuple(_time(t) for t in sources["gp_hours"]),
    )
