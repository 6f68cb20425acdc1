"""Local services in the conversation, end to end: the local chat, the
Rasa server with the trained model, the action server and the services
admin/API with its seed data (conftest `samen`). A Dari-speaking user in
Almelo asking for a doctor: tests/e2e/test_admin_browser.py, before and
after an Almelo editor adds Almelo's own GP service."""
import pytest

from tests.conftest import shown
from tests.e2e.test_local_chat import chat, turns

pytestmark = pytest.mark.model


def test_the_municipality_is_asked_once_then_its_own_services_follow(samen):
    out = chat(samen, "4", "ik heb schulden en kan mijn rekeningen niet betalen", "Nijmegen", "/quit")
    asked, listed = turns(out)[1], turns(out)[2]
    assert shown("utter_ask_municipality", "nl") in asked
    assert shown("services.header", "nl", municipality="Nijmegen") in listed
    assert "Financieel Expert in de Wijk" in listed


def test_a_postcode_finds_the_municipality(samen):
    # 7607 AB is in Almelo according to the (stand-in) PDOK Locatieserver.
    out = chat(samen, "5", "where can I get help with my debts", "my postcode is 7607 AB", "/quit")
    listed = turns(out)[2]
    assert "Almelo Sociaal" in listed
