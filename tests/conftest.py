"""Shared fixtures: the trained model (cached by content hash) and its agent."""
import asyncio
import contextlib
import pathlib

import pytest
import requests

from bot.core.environment import shared_dir


def _set_up_django_first() -> None:
    """The directory's tests need Django set up, and django.setup() configures
    logging by closing every handler in the process. Done later, it would
    close absl's handler (TensorFlow's, imported with Rasa by other test
    modules), whose stream is pytest's capture of stderr: the whole run then
    ends in "I/O operation on closed file". Done first, there is nothing to close."""
    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bot.directory.settings")
    django.setup()


_set_up_django_first()

ROOT = pathlib.Path(__file__).resolve().parent.parent
SHARED = shared_dir()


@pytest.fixture(scope="session")
def model_path() -> pathlib.Path:
    """The full model for the current data and config: `make test` trains it
    first; a cache hit makes this instant. SAMEN_TEST_MODEL names another
    model archive to test instead (while working on a change)."""
    import os

    from tools.modelcache import ensure_model

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


@contextlib.contextmanager
def json_server(answer):
    """A local HTTP server whose GET and POST answer `answer(path) -> (status, body)`
    as JSON; yields its base URL."""
    import http.server
    import json
    import threading

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            status, body = answer(self.path)
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(json.dumps(body).encode())

        def do_POST(self):
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            self.do_GET()

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()


@pytest.fixture(scope="session")
def pdok():
    """A stand-in for PDOK's Locatieserver that knows two postcodes (7607 AB
    in Almelo, 6511 AB in Nijmegen) and one place (central Almelo, for a
    shared location): the tests need no network. Yields the environment
    that points Samen to it."""
    from urllib.parse import parse_qs, urlparse

    postcodes = {"7607AB": "0141", "6511AB": "0268"}
    places = {("52.357", "6.663"): "0141"}

    def answer(path):
        url = urlparse(path)
        query = {name: values[0] for name, values in parse_qs(url.query).items()}
        if url.path.endswith("/reverse"):
            code = places.get((query.get("lat"), query.get("lon")))
        else:
            code = postcodes.get(query.get("q"))
        return 200, {"response": {"docs": [{"gemeentecode": code}] if code else []}}

    with json_server(answer) as url:
        yield {"PDOK_URL": f"{url}/free", "PDOK_REVERSE_URL": f"{url}/reverse"}


@pytest.fixture(scope="session")
def samen(model_path, tmp_path_factory, pdok):
    """The running assistant: Rasa server (trained model), action server and
    NLG endpoint, and the municipal directory's admin/API with its seed data,
    on free ports, with a fresh tracker database and directory. Yields
    (its URLs, the environment its processes run with: RASA_URL,
    ACTION_SERVER_URL, and SERVICES_API_URL, the admin's address)."""
    import os

    from bot.core.environment import services_url
    from bot.run import stack

    folder = tmp_path_factory.mktemp("samen")
    fresh = {"TRACKER_DB": str(folder / "tracker.db"), "TRACKER_STORE_URL": f"sqlite:///{folder / 'tracker.db'}",
             "DATABASE_URL": f"sqlite:///{folder / 'services.db'}",
             **pdok}
    saved = {name: os.environ.get(name) for name in [*fresh, "SERVICES_API_URL"]}
    os.environ.update(fresh)
    services_port = free_port()
    try:
        with stack(str(model_path), free_port(), free_port(), services_port=services_port) as urls:
            yield urls, {**os.environ, "SERVICES_API_URL": services_url(services_port),
                         "RASA_URL": urls.rasa_url, "ACTION_SERVER_URL": urls.action_url}
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def kept(env: dict, sender: str) -> dict:
    """What the action server says it keeps of a conversation (GET /conversations/<sender>)."""
    from bot import channels

    reply = requests.get(channels.conversation_url(env["ACTION_SERVER_URL"], sender),
                         headers=channels.conversation_headers(), timeout=10)
    reply.raise_for_status()
    return reply.json()


def shown(key: str, lang: str, **values) -> str:
    """A catalog text as a user sees it (placeholders filled, right-to-left isolation)."""
    from bot.core import catalogs, formatting

    text = catalogs.text(key, lang)
    return formatting.for_reader(text.format(**values) if values else text, lang)
