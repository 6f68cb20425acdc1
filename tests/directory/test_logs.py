"""Issue 12: the services log recorded municipality + topic + language of every
lookup. Request lines of successful requests are not logged at all; errors
are logged with their traceback, without query string or municipality code.
Issue 16: a 500 was logged nowhere."""
import io
import logging
import logging.config

import pytest
from django.conf import settings
from django.core.servers.basehttp import WSGIRequestHandler
from django.test import Client


@pytest.fixture
def log_output():
    """The services store's logging configuration (settings.LOGGING), writing into a buffer."""
    buffer = io.StringIO()
    logging.config.dictConfig(settings.LOGGING)
    handlers = []
    for name in ("django", "django.server", "django.request"):
        for handler in logging.getLogger(name).handlers:
            if isinstance(handler, logging.StreamHandler):
                handlers.append((handler, handler.stream))
                handler.setStream(buffer)
    yield buffer
    for handler, stream in handlers:
        handler.setStream(stream)


def runserver_logs(request_line: str, status: str) -> None:
    """What Django's development server (WSGIRequestHandler) does after each request."""
    handler = WSGIRequestHandler.__new__(WSGIRequestHandler)
    handler.request = None
    handler.requestline = request_line
    handler.client_address = ("127.0.0.1", 50000)
    handler.log_message('"%s" %s %s', request_line, status, "123")


def test_no_line_per_lookup_in_the_access_log(log_output):
    runserver_logs("GET /api/v1/municipalities/GM0141/services?category=mental_health&lang=ar HTTP/1.1", "200")
    runserver_logs("GET /admin/services/service/ HTTP/1.1", "302")
    assert log_output.getvalue() == ""


def test_errors_are_logged_without_the_lookup(log_output):
    runserver_logs("GET /api/v1/municipalities/GM0141/services?category=debt_help&lang=ti HTTP/1.1", "500")
    line = log_output.getvalue()
    assert "500" in line and "/api/v1/municipalities/…/services?…" in line
    for detail in ("GM0141", "debt_help", "lang=ti"):
        assert detail not in line


def test_a_server_error_is_logged_with_its_traceback_but_no_personal_detail(log_output, places, monkeypatch):
    from bot.directory import api

    def broken(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(api, "with_translation", broken)
    client = Client(raise_request_exception=False)
    reply = client.get("/api/v1/municipalities/GM0141/services", {"category": "mental_health", "lang": "ar"})
    assert reply.status_code == 500
    logged = log_output.getvalue()
    assert "Internal Server Error: /api/v1/municipalities/…/services" in logged
    assert "Traceback" in logged and "RuntimeError: the database went away" in logged
    assert "GM0141" not in logged and "mental_health" not in logged


def test_a_not_found_lookup_logs_no_municipality(log_output, places):
    assert Client().get("/api/v1/municipalities/GM9999/services", {"lang": "ar"}).status_code == 404
    assert "GM9999" not in log_output.getvalue()
