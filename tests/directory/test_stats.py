"""What newcomers ask, per municipality (issue 16): the action server reports
each asked question as {municipality, topic, language, month} with a service
token; the admin shows monthly counts with small counts suppressed, the
topics asked where the municipality has no service, and a chart."""
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from bot.directory.api import count_question
from bot.directory.models import QuestionCount
from bot.directory.stats import months_back

URL = "/api/v1/stats/questions"
TOKEN = "a-long-random-stats-token"


@pytest.fixture
def stats_token(settings):
    settings.SERVICES_STATS_TOKEN = TOKEN
    return TOKEN


def this_month() -> str:
    return timezone.localdate().strftime("%Y-%m")


def report(client, token=TOKEN, **body):
    body = {"municipality": "GM0141", "topic": "gp_registration", "language": "prs", "month": this_month(), **body}
    return client.post(URL, body, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}")


def test_a_reported_question_is_one_more_in_a_monthly_counter(client, places, stats_token):
    for _ in range(3):
        assert report(client).status_code == 204
    assert report(client, language="ar").status_code == 204
    cells = {(c.municipality_id, c.category, c.language, c.month.strftime("%Y-%m"), c.count)
             for c in QuestionCount.objects.all()}
    assert cells == {("GM0141", "gp_registration", "prs", this_month(), 3),
                     ("GM0141", "gp_registration", "ar", this_month(), 1)}
    # Nothing but the counter: no text, no sender, no day or time.
    assert {f.name for f in QuestionCount._meta.get_fields()} == {
        "id", "municipality", "month", "category", "language", "count"}


def test_the_endpoint_refuses_what_it_should(client, places, settings):
    settings.SERVICES_STATS_TOKEN = ""
    assert report(client).status_code == 503                   # not configured: nothing counted
    settings.SERVICES_STATS_TOKEN = TOKEN
    assert report(client, token="wrong").status_code == 401
    assert client.post(URL, {}, content_type="application/json").status_code == 401
    for bad in ({"topic": "pizza"}, {"language": "de"}, {"municipality": "GM9999"}, {"month": "2020-01"},
                {"month": "2026-13"}, {"month": "not-a-month"}):
        refused = report(client, **bad)
        assert refused.status_code == 400, bad
    assert not QuestionCount.objects.exists()


def fill(municipality, counts: dict, month=None):
    """counts: {(topic, language): n} for one month."""
    month = month or months_back(1)[0]
    for (topic, language), n in counts.items():
        QuestionCount.objects.create(municipality=municipality, month=month, category=topic, language=language,
                                     count=n)


def shown_numbers(html: str) -> list[int]:
    """Every number in a table cell, gap line or chart label of the statistics page."""
    numbers = []
    for table in re.findall(r'<table class="stats".*?</table>', html, re.S):
        numbers += [int(n) for n in re.findall(r"<td[^>]*>(\d+)</td>", table)]
    numbers += [int(n) for n in re.findall(r'<li>(\d+) ', html)]
    svg = re.search(r"<svg class=\"chart\".*?</svg>", html, re.S).group(0)
    numbers += [int(n) for n in re.findall(r'text-anchor="middle">(\d+)</text>', svg)]
    return numbers


def test_no_count_below_ten_is_shown(client, places, make_editor, make_service):
    almelo = places["almelo"]
    months = months_back(3)
    fill(almelo, {("gp_registration", "prs"): 7, ("gp_registration", "ar"): 5, ("debt_help", "ar"): 3,
                  ("housing", "nl"): 40, ("housing", "ar"): 1}, months[-1])
    fill(almelo, {("maternity", "ti"): 4}, months[-2])        # a month with fewer than ten questions in all
    fill(almelo, {("housing", "nl"): 25, ("debt_help", "nl"): 2}, months[-3])
    make_service(almelo, categories=["housing"])
    client.force_login(make_editor("almelo", almelo))
    page = client.get(reverse("admin:services_service_statistics"))
    assert page.status_code == 200
    html = page.content.decode()
    numbers = shown_numbers(html)
    assert numbers and all(n == 0 or n >= 10 for n in numbers), numbers
    data = page.context["data"]
    last = data["months"][-1]
    assert last["total"].shown == "56"
    topics = dict(zip([slug for slug, _label in data["topics"]], last["topics"]))
    # One "<10" in a row with a known total would give it away (56 - 12 - 41 = 3): the smallest
    # other count is hidden too.
    assert (topics["gp_registration"].shown, topics["housing"].shown, topics["debt_help"].shown) == ("×", "41", "<10")
    visible = [cell for cell in last["topics"] if cell.visible and cell.count]
    hidden = [cell for cell in last["topics"] if not cell.visible]
    assert len(hidden) >= 2 and sum(c.count for c in visible) + sum(c.count for c in hidden) == 56
    languages = dict(zip([code for code, _label in data["languages"]], last["languages"]))
    assert languages["nl"].shown == "40"
    assert all(cell.shown in ("<10", "×", "0") or cell.count >= 10 for cell in last["languages"])
    assert data["months"][-2]["total"].shown == "<10"
    assert "&lt;10" in html and "<svg" in html and "<script" not in html.split('id="content"')[1]
    svg = re.search(r"<svg class=\"chart\".*?</svg>", html, re.S).group(0)
    assert not re.search(r'(x|y|width|height)="-?\d+,\d', svg)          # numbers not in Dutch notation
    assert len(re.findall(r"<rect class=\"bar", svg)) == 3


def test_topics_asked_without_a_service_of_the_municipalitys_own(client, places, make_editor, make_service):
    almelo = places["almelo"]
    fill(almelo, {("gp_registration", "prs"): 12, ("housing", "nl"): 30, ("debt_help", "ar"): 15})
    make_service(almelo, categories=["housing"])                    # published: covered
    make_service(almelo, categories=["debt_help"], is_active=False)  # a draft does not count
    make_service(None, categories=["gp_registration"])              # national: Almelo still has none
    client.force_login(make_editor("almelo", almelo))
    page = client.get(reverse("admin:services_service_statistics"))
    gaps = {gap["topic"]: gap["shown"] for gap in page.context["data"]["gaps"]}
    assert gaps == {"gp_registration": "12", "debt_help": "15"}
    assert "?categories=gp_registration" in page.content.decode()


def test_each_municipality_sees_its_own_and_national_editors_all(client, places, make_editor):
    fill(places["almelo"], {("housing", "nl"): 30})
    fill(places["nijmegen"], {("housing", "nl"): 50})
    client.force_login(make_editor("almelo", places["almelo"]))
    url = reverse("admin:services_service_statistics")
    assert client.get(url).context["municipality"] == places["almelo"]
    assert client.get(url, {"municipality": "GM0268"}).status_code == 404
    client.force_login(make_editor("landelijk", national=True))
    assert client.get(url).context["municipality"] is None
    chosen = client.get(url, {"municipality": "GM0268"})
    assert chosen.context["municipality"] == places["nijmegen"]
    assert set(chosen.context["choices"]) == {places["almelo"], places["nijmegen"]}


def test_counting_is_safe_when_the_first_reports_of_a_cell_meet(places):
    month = months_back(1)[0]
    count_question("GM0141", "housing", "ar", month)
    count_question("GM0141", "housing", "ar", month)
    assert QuestionCount.objects.get().count == 2
