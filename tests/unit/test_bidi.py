"""Right-to-left screens show numbers, links and codes as written.

Every text Samen can show a reader of Arabic or Dari (every response and
variant with its placeholders filled, the channels' own messages, the
services listing from the seed data) goes through a real implementation of
the Unicode bidi algorithm (python-bidi), the way a phone lays it out, and
every phone number, link, code and Latin term must read exactly as written.
"""
import re

import pytest
import yaml
from bidi import get_display

from bot.core import catalogs, formatting
from bot.local_help.listing import render_service
from bot.nlg.content import load_content
from bot.nlg.render import Renderer

RTL = ["ar", "prs"]
CONTENT = load_content()
SLOT_SETS = [{"country": "nl", "role": "sponsor", "municipality": "GM0141", "place_heard": "GM0141"},
             {"country": "be", "role": "family", "municipality": "21004", "place_heard": "21004"},
             {"role": "family"}, {}]
# What must read as written: links, then runs of Latin letters and Western
# digits with their inner joiners ("0800-0113", "0800 64 64 644", "GM0141",
# "Veilig Thuis"), and numbers in Arabic-Indic or Persian digits with theirs.
ATOMS = re.compile(r"(?:https?://|www\.)[^\s<>()]*[^\s<>().,;:!?،؛]"
                   r"|\+?[0-9]+(?:[ \-][0-9]+)+"
                   r"|[A-Za-z0-9][A-Za-z0-9.\-/:@]*[A-Za-z0-9]|[0-9]"
                   r"|[٠-٩۰-۹][٠-٩۰-۹.:/\-٫٬]*[٠-٩۰-۹]")
CONTROLS = re.compile("[\u2066-\u2069\u200e\u200f\u061c]")


def unreadable(text: str) -> list:
    """The atoms of `text` that a right-to-left screen would not show as written."""
    wrong = []
    for line in text.split("\n"):
        shown = CONTROLS.sub("", get_display(line))
        for atom in ATOMS.findall(CONTROLS.sub("", line)):
            if atom not in shown:
                wrong.append(atom)
    return wrong


def test_the_check_itself_sees_the_reported_fault():
    """Without isolation, "113 أو 0800-0113" shows as 0113-0800; with it, as written."""
    raw = "اتصل بالرقم 113 أو 0800-0113 مجاناً"
    assert "0800-0113" in unreadable(raw)
    assert unreadable(formatting.isolate_ltr(raw)) == []


@pytest.fixture(scope="module")
def renderer():
    return Renderer()


@pytest.mark.parametrize("lang", RTL)
def test_every_response_reads_right(renderer, lang):
    problems = {}
    for name in CONTENT.responses:
        for slots in SLOT_SETS:
            arguments = {"answer": "utter_reunification_waiting_time"} if name == "utter_source" else {}
            message = renderer.render(name, {"slots": {**slots, "language": lang}}, arguments)
            for text in [message["text"], *(b["title"] for b in message["buttons"])]:
                if unreadable(text):
                    problems[(name, tuple(slots))] = unreadable(text)
    assert not problems


CHANNEL_KEYS = ["chat.unavailable", "chat.no_memory", "chat.forgotten", "chat.help", "telegram.help",
                "telegram.flood", "telegram.media", "telegram.edited", "telegram.too_long", "telegram.forget.confirm",
                "telegram.forget.failed", "services.no_more", "services.unavailable"]


@pytest.mark.parametrize("lang", RTL)
def test_the_channels_own_messages_read_right(lang):
    for key in CHANNEL_KEYS:
        text = catalogs.text(key, lang).format(limit="4096", wait=formatting.duration(30, "second", lang))
        assert unreadable(formatting.for_reader(text, lang)) == [], key


@pytest.mark.parametrize("lang", RTL)
def test_services_from_the_directory_read_right(lang):
    """Phone numbers, addresses and links come from the directory's data, typed by editors."""
    seed = yaml.safe_load(open(CONTENT_SEED, encoding="utf-8"))["services"]
    for entry in seed:
        service = {"name": entry["name"], "description": entry["description_nl"], "language": "nl",
                   "translation_reviewed": None, "address": entry.get("address"), "phone": entry.get("phone"),
                   "email": entry.get("email"), "website": entry.get("website"),
                   "source_url": entry["source_url"], "last_verified": str(entry["last_verified"])}
        assert unreadable(render_service(service, lang)) == [], entry["name"]


CONTENT_SEED = catalogs.ROOT / "bot" / "directory" / "seed" / "services.yml"
