"""The conversation follows the user: language, country, and the one
question asked before an answer that depends on it."""
import pytest

from bot.dialogue.answers import plan_answer
from bot.dialogue.country import country_in_text, country_of_municipality, next_country
from bot.dialogue.language_switch import next_language

SOURCED = {"utter_reunification_waiting_time", "utter_reunification_apply", "utter_health_find_gp"}


def detected(name, confidence):
    return {"name": name, "confidence": confidence}


class TestLanguage:
    def test_first_message_sets_the_language_even_when_unsure(self):
        assert next_language(None, False, "greet", [], detected("ar", 0.3), "salaam") == ("ar", False)

    def test_message_without_letters_sets_nothing(self):
        assert next_language(None, False, "health_emergency", [], detected("en", 0.0), "112") == (None, False)

    def test_a_one_word_greeting_in_another_script_does_not_flip(self):
        assert next_language("ti", False, "greet", [], detected("ar", 0.95), "مرحبا") == ("ti", False)

    def test_a_confident_sentence_in_another_language_switches(self):
        text = "hoe lang duurt de procedure bij de IND"
        assert next_language("en", False, "reunification_waiting_time", [], detected("nl", 0.97), text) == ("nl", False)

    def test_a_low_confidence_sentence_does_not_switch(self):
        assert next_language("en", False, "thank", [], detected("nl", 0.5), "ok dank") == ("en", False)

    def test_explicit_choice_wins_over_detection_afterwards(self):
        entities = [{"entity": "language", "value": "ti"}]
        language, chosen = next_language("ar", False, "change_language", entities, detected("ar", 0.99), "بدي احكي تغرينية")
        assert (language, chosen) == ("ti", True)
        text = "كم تستغرق مدة معاملة لم الشمل عند الدائرة"
        assert next_language(language, chosen, "reunification_waiting_time", [], detected("ar", 0.99), text) == ("ti", True)

    def test_button_payloads_keep_the_language(self):
        assert next_language("prs", False, "reunification_apply", [], None, "/reunification_apply") == ("prs", False)

    def test_the_telegram_language_is_the_first_guess_for_a_button_or_command(self):
        assert next_language(None, False, "greet", [], None, "/greet", hint="prs") == ("prs", False)

    def test_the_telegram_language_gives_way_to_a_confident_sentence(self):
        text = "how long does the IND take to decide"
        assert next_language(None, False, "reunification_waiting_time", [], detected("en", 0.97), text,
                             hint="ar") == ("en", False)

    def test_the_telegram_language_does_not_override_the_conversation(self):
        assert next_language("ti", False, "greet", [], None, "/greet", hint="nl") == ("ti", False)
        assert next_language(None, False, "greet", [], None, "/greet", hint="de") == (None, False)


class TestCountry:
    @pytest.mark.parametrize("code, country", [("GM0141", "nl"), ("GM0518", "nl"), ("11002", "be"), ("", None), ("XX", None)])
    def test_country_of_a_municipality_code(self, code, country):
        assert country_of_municipality(code) == country

    @pytest.mark.parametrize("text, country", [
        ("we wonen in België", "be"), ("in belgium", "be"), ("ما در بلجیم استیم", "be"), ("ببلجيكا", "be"),
        ("ኣብ ቤልጅየም", "be"), ("Holland", "nl"), ("نحن في هولندا", "nl"), ("ኣብ ሆላንድ ኢና", "nl"),
        ("holland or belgium?", None), ("yes", None),
    ])
    def test_country_named_in_a_typed_answer(self, text, country):
        assert country_in_text(text) == country

    def test_button_entity_then_municipality_then_typed_text(self):
        assert next_country(None, "inform_country", [{"entity": "country", "value": "be"}], "/inform_country") == "be"
        # The municipality a message gives (a name, deep link, location or postcode) decides.
        assert next_country("be", "inform_municipality", [{"entity": "municipality", "value": "GM0268"}], "Nijmegen",
                            place="GM0268") == "nl"
        assert next_country(None, "inform_country", [], "in Belgie") == "be"
        # A country name in another question does not change it.
        assert next_country("nl", "reunification_costs", [], "what does it cost in belgium") == "nl"


class TestAnswerPlan:
    def test_a_procedure_question_asks_the_country_first(self):
        plan = plan_answer("reunification_waiting_time", None, None, None, SOURCED)
        assert plan.messages == [("utter_ask_country", {})]
        assert plan.pending_question == "reunification_waiting_time"

    def test_the_answer_to_the_country_question_answers_the_waiting_question_with_sources(self):
        plan = plan_answer("inform_country", "reunification_waiting_time", "be", None, SOURCED)
        assert plan.messages == [("utter_reunification_waiting_time", {"more_follows": True}),
                                 ("utter_source", {"answer": "utter_reunification_waiting_time"})]
        assert plan.pending_question is None

    def test_an_unrecognised_answer_is_not_asked_again(self):
        plan = plan_answer("inform_country", "reunification_waiting_time", None, None, SOURCED)
        assert plan.messages[0][0] == "utter_reunification_waiting_time"

    def test_apply_asks_the_role_in_the_netherlands_only(self):
        assert plan_answer("reunification_apply", None, "nl", None, SOURCED).messages == [("utter_ask_role", {})]
        assert plan_answer("reunification_apply", None, "be", None, SOURCED).messages[0][0] == "utter_reunification_apply"
        after_country = plan_answer("inform_country", "reunification_apply", "nl", None, SOURCED)
        assert after_country.messages == [("utter_ask_role", {})] and after_country.pending_question == "reunification_apply"
        assert plan_answer("inform_role", "reunification_apply", "nl", "family", SOURCED).messages[0][0] == "utter_reunification_apply"

    def test_health_questions_need_no_country(self):
        assert plan_answer("health_find_gp", None, None, None, SOURCED).messages[0][0] == "utter_health_find_gp"

    def test_a_country_answer_out_of_the_blue_is_acknowledged(self):
        assert plan_answer("inform_country", None, "nl", None, SOURCED).messages == [("utter_inform_country", {})]
