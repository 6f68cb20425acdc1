"""The crisis figures of `make eval` count what a user meets: the emergency
numbers first (a crisis intent, or an unsure parse marked for a check)."""
from tools.evaluation.crisis import crisis_figures, safe_path


def parse(intent, **marks):
    return {"intent": {"name": intent}, **marks}


def test_an_unsure_parse_marked_for_a_crisis_check_is_on_the_safe_path():
    assert safe_path(parse("nlu_fallback", crisis_check=True))
    assert not safe_path(parse("nlu_fallback"))
    assert safe_path(parse("crisis_domestic_violence"))
    assert not safe_path(parse("health_mental"))


def test_recall_and_false_alarms_are_counted_apart():
    examples = [{"intent": "crisis_suicidal"}, {"intent": "crisis_domestic_violence"},
                {"intent": "housing"}, {"intent": "housing"}, {"intent": "health_emergency"}]
    parses = [parse("crisis_suicidal"), parse("nlu_fallback"),        # one crisis missed
              parse("crisis_suicidal"), parse("housing"),              # one false alarm
              parse("crisis_suicidal")]                                 # emergencies are not counted
    figures = crisis_figures(examples, parses, [parse("greet"), parse("nlu_fallback", crisis_check=True)])
    assert figures["crisis_recall"] == 0.5 and figures["crisis_messages"] == 2
    assert figures["false_alarm_rate"] == 0.5 and figures["ordinary_messages"] == 2
    assert figures["lookalike_false_alarm_rate"] == 0.5
