"""Shared fixtures: the trained model (cached by content hash) and its agent."""
import asyncio
import pathlib

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def model_path() -> pathlib.Path:
    """The full model for the current data and config: `make test` trains it
    first; a cache hit makes this instant."""
    from bot.modelcache import ensure_model

    return ensure_model(ROOT / "config.yml", [ROOT / "data"])


@pytest.fixture(scope="session")
def agent(model_path):
    from rasa.core.agent import Agent

    return Agent.load(str(model_path))


@pytest.fixture(scope="session")
def parse(agent):
    """parse(text) -> Rasa's parse result, as POST /model/parse returns it."""
    loop = asyncio.new_event_loop()
    yield lambda text: loop.run_until_complete(agent.parse_message(text))
    loop.close()
