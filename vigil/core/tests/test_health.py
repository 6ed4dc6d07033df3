"""/healthz as the health server of its own answers it: the database, and whether the web
server it watches accepts connections (docs/operations.md, section 8; ADR 0019)."""

from __future__ import annotations

import socket

from django.test import Client


def test_healthz_says_the_watched_web_server_accepts_connections(db, settings):
    with socket.socket() as listening:
        listening.bind(("127.0.0.1", 0))
        listening.listen(1)
        host, port = listening.getsockname()
        settings.VIGIL_HEALTH_WEB_ADDRESS = f"{host}:{port}"
        response = Client().get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "web": "ok"}


def test_healthz_fails_when_the_watched_web_server_is_down(db, settings):
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        host, port = closed.getsockname()  # bound but not listening: connections are refused
        settings.VIGIL_HEALTH_WEB_ADDRESS = f"{host}:{port}"
        response = Client().get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "ok", "web": "unreachable"}
