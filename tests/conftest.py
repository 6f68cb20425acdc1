"""Shared fixtures: the trained model (cached by content hash) and its agent."""
import asyncio
import pathlib

import pytest

from bot.settings import shared_dir

ROOT = pathlib.Path(__file__).resolve().parent.parent
SHARED = shared_dir()


@pytest.fixture(scope="session")
def model_path() -> pathlib.Path:
    """The full model for the current data and config: `make test` trains it
    first; a cache hit makes this instant. SAMEN_TEST_MODEL names another
    model archive to test instead (while working on a change)."""
    import os

    from bot.modelcache import ensure_model

    if os.environ.get("SAMEN_TEST_MODEL"):
        return pathlib.Path(os.environ["SAMEN_TEST_MODEL"])

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


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def samen(model_path, tmp_path_factory):
    """The running assistant: Rasa server (trained model), action server and
    NLG endpoint, on free ports, with a fresh tracker database. Yields
    (rasa_url, environment the processes run with)."""
    import os

    from bot.run import services

    db = tmp_path_factory.mktemp("tracker") / "tracker.db"
    saved = os.environ.get("TRACKER_DB")
    os.environ["TRACKER_DB"] = str(db)
    try:
        with services(str(model_path), free_port(), free_port()) as rasa_url:
            yield rasa_url, dict(os.environ)
    finally:
        if saved is None:
            os.environ.pop("TRACKER_DB", None)
        else:
            os.environ["TRACKER_DB"] = saved
