"""The tf-idf logistic regression classifier, trained small inside Rasa."""
import asyncio
import pathlib
import textwrap

import pytest

CONFIG = """
recipe: default.v1
assistant_id: classifier-test
language: xx
pipeline:
  - name: bot.nlu.tokenizer.ScriptAwareTokenizer
  - name: CountVectorsFeaturizer
  - name: CountVectorsFeaturizer
    analyzer: char_wb
    min_ngram: 2
    max_ngram: 4
  - name: bot.nlu.classifier.TfidfLogisticRegressionClassifier
policies: []
"""

NLU = """
version: "3.1"
nlu:
- intent: health_find_gp
  examples: |
    - how do I find a GP
    - I need a family doctor
    - where is a doctor for my children
    - hoe vind ik een huisarts
    - ik zoek een huisarts
    - كيف اجد طبيب عام
    - ابحث عن طبيب العائلة
    - داکتر فامیلی کجاست
- intent: health_insurance
  examples: |
    - do I need health insurance
    - how much is the health insurance
    - which insurance must I take
    - moet ik een zorgverzekering hebben
    - hoeveel kost de zorgverzekering
    - هل احتاج تأمين صحي
    - كم سعر التأمين الصحي
    - بیمه صحی لازم است
- intent: greet
  examples: |
    - hello
    - hi there
    - good morning
    - hallo
    - goedemorgen
    - مرحبا
    - السلام عليكم
    - سلام
"""


def train(tmp_path: pathlib.Path) -> pathlib.Path:
    from rasa.model_training import train_nlu

    (tmp_path / "config.yml").write_text(CONFIG)
    (tmp_path / "nlu.yml").write_text(textwrap.dedent(NLU))
    return pathlib.Path(train_nlu(str(tmp_path / "config.yml"), str(tmp_path / "nlu.yml"),
                                  str(tmp_path / "models"), fixed_model_name="small"))


@pytest.fixture(scope="module")
def parse(tmp_path_factory):
    from rasa.core.agent import Agent

    agent = Agent.load(str(train(tmp_path_factory.mktemp("classifier"))))
    loop = asyncio.new_event_loop()
    yield lambda text: loop.run_until_complete(agent.parse_message(text))
    loop.close()


@pytest.mark.parametrize("text, intent", [
    ("I am looking for a doctor", "health_find_gp"),
    ("huisarts zoeken", "health_find_gp"),
    ("اين اجد طبيب", "health_find_gp"),
    ("zorgverzekering kosten", "health_insurance"),
    ("تأمين صحي", "health_insurance"),
    ("hallo", "greet"),
])
def test_a_saved_and_reloaded_model_classifies_in_several_languages(parse, text, intent):
    result = parse(text)
    assert result["intent"]["name"] == intent
    assert [r["name"] for r in result["intent_ranking"]][0] == intent

