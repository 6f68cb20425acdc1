"""A national editor enters what the IND last published about waiting; a
family member who asks how long it takes gets it in their language, with its
date and source, after the legal decision period: end to end, with the
trained model, the action server and the directory's API."""
import datetime as dt
import subprocess
import sys

import pytest

from bot.chat import Chat
from bot.timeline.calendars import format_date
from bot.core import formatting
from tests.conftest import ROOT, shown

pytestmark = pytest.mark.model
PUBLISHED = dt.date.today() - dt.timedelta(days=12)
SOURCE = "https://ind.nl/nl/service-en-contact/actuele-werkvoorraden"
QUESTION = {"en": "How long does the IND take to decide on family reunification?",
            "ar": "كم تأخذ الـ IND من الوقت حتى تقرر في طلب لم الشمل؟"}
PICKER = {"ar": "1", "en": "5"}

ENTER = f"""
import datetime as dt
from bot.directory.models import WaitingFigure
WaitingFigure.objects.create(country="nl", authority="IND", people_waiting=12345,
                             published_on=dt.date.fromisoformat("{PUBLISHED.isoformat()}"),
                             source_url="{SOURCE}")
"""


@pytest.fixture(scope="module")
def figure(samen):
    _, env = samen
    subprocess.run([sys.executable, "-m", "bot.directory", "shell", "-c", ENTER], env=env, cwd=ROOT,
                   check=True, capture_output=True, timeout=120)


class Asker:
    """Picks the language, asks, answers the country question (Netherlands)."""

    def __init__(self, lang):
        self.lang, self.out = lang, []
        self.pending = [PICKER[lang], QUESTION[lang]]
        self.country_given = False

    def read(self, _prompt):
        if self.pending:
            return self.pending.pop(0)
        title = shown("country.nl", self.lang)
        lines = [line.strip() for line in "\n".join(self.out[-8:]).splitlines()]
        number = next((line.split(".")[0] for line in lines if line.endswith(f". {title}")), None)
        if number and not self.country_given:
            self.country_given = True
            return number
        return "/quit"


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_figure_the_editors_entered_reaches_the_waiting_time_answer(samen, figure, lang):
    urls, _ = samen
    asker = Asker(lang)
    Chat(urls.rasa_url, urls.action_url, read=asker.read, write=asker.out.append).run()
    out = "\n".join(asker.out)
    said = shown("waiting.people", lang, published=format_date(PUBLISHED, lang),
                 people=formatting.number(12345, lang), authority="IND")
    assert said in out, out[-3000:]
    assert shown("waiting.source", lang, url=SOURCE) in out
    assert shown("waiting.stale", lang, stale_after=formatting.duration(3, "month", lang)) not in out
