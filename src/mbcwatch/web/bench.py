"""How much the web layer adds to an assessment: ``POST /api/v1/assess`` over HTTP to a real
uvicorn server, beside the baseline of calling ``mbcwatch.triage.assess`` directly, on the same
requests in the same process. Figures are printed, never asserted: wall time depends on the machine.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import uvicorn

from mbcwatch.contract import AssessResponse
from mbcwatch.settings import Settings
from mbcwatch.triage import assess
from mbcwatch.triage.bench import STRUCTURED, Figures, measure, text_requests
from mbcwatch.web.app import create_app

BASELINE = "library (baseline)"


def workload() -> list[dict[str, Any]]:
    """The triage benchmark's structured requests and its two-sentence texts."""
    return [*STRUCTURED, *text_requests(2)]


@contextmanager
def live_server(settings: Settings) -> Iterator[str]:
    """The app under uvicorn in a background thread on a free port of 127.0.0.1."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    config = uvicorn.Config(create_app(settings), host="127.0.0.1", port=port, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the benchmark server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def run(settings: Settings, *, repeat: int) -> list[Figures]:
    requests = workload()
    figures = [measure(BASELINE, requests, assess, repeat=repeat)]
    with live_server(settings) as base, httpx.Client(base_url=base, timeout=30) as client:

        def over_http(request: dict[str, Any]) -> AssessResponse:
            reply = client.post("/api/v1/assess", json=request)
            reply.raise_for_status()
            return AssessResponse.model_validate(reply.json())

        figures.append(measure("POST /api/v1/assess", requests, over_http, repeat=repeat))
    return figures
