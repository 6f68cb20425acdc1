"""The dialogue through the trained model: every test story of
tests/integration/test_stories.yml (every intent in every language, and the multi-turn
flows) with Rasa's own `rasa test`, failing on any prediction error."""
import subprocess
import sys

import pytest

from tests.conftest import ROOT, SHARED

pytestmark = pytest.mark.model


def test_every_story_is_predicted_exactly(model_path, tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "rasa", "test", "core", "--model", str(model_path),
         "--stories", str(ROOT / "tests" / "integration" / "test_stories.yml"), "--out", str(tmp_path),
         "--fail-on-prediction-errors", "--no-plot"],
        cwd=ROOT, capture_output=True, text=True, timeout=1800)
    failed = (tmp_path / "failed_test_stories.yml")
    detail = failed.read_text()[:4000] if failed.exists() else result.stdout[-3000:] + result.stderr[-3000:]
    assert result.returncode == 0, detail


def test_the_stories_cover_every_intent_in_every_language():
    import yaml

    contract = yaml.safe_load((SHARED / "nlu-contract.yml").read_text(encoding="utf-8"))
    stories = yaml.safe_load((ROOT / "tests" / "integration" / "test_stories.yml").read_text(encoding="utf-8"))["stories"]
    covered = {(step["intent"], story["story"].rsplit("(", 1)[-1].rstrip(")"))
               for story in stories for step in story["steps"] if "user" in step}
    missing = [(intent, lang) for intent in contract["intents"] for lang in contract["languages"]
               if (intent, lang) not in covered]
    assert not missing
