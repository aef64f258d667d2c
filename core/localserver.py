"""Find an OpenAI-compatible server on this machine, so a user without a cloud key still gets a teacher.

Ollama, llama.cpp's server, vLLM and LM Studio all answer GET /v1/models on their usual ports; the
probe asks each port once with a short timeout (a closed port refuses at once) and returns what it
found, most likely first. Nothing is configured by the probe itself: the page and the CLI show the
result and the user picks it.
"""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import httpx

# (port, the server that usually listens there)
USUAL_PORTS: tuple[tuple[int, str], ...] = (
    (11434, "Ollama"), (8080, "llama.cpp server"), (8000, "vLLM"), (1234, "LM Studio"),
    (5000, "text-generation-webui"), (8001, "vLLM (second instance)"), (30000, "SGLang"),
)


@dataclass
class LocalServer:
    base_url: str
    kind: str
    models: list[str]


def _ask(host: str, port: int, kind: str, timeout_s: float) -> LocalServer | None:
    base_url = f"http://{host}:{port}/v1"
    try:
        response = httpx.get(f"{base_url}/models", timeout=timeout_s)
        data = response.json() if response.status_code == 200 else None
    except (httpx.HTTPError, ValueError):
        return None  # nothing listening, or not an OpenAI-compatible server: not a candidate
    models = [m.get("id", "") for m in (data or {}).get("data", []) if isinstance(m, dict)] if isinstance(data, dict) else []
    models = [m for m in models if m]
    return LocalServer(base_url, kind, models) if models else None


def probe(ports: tuple[tuple[int, str], ...] = USUAL_PORTS, host: str = "127.0.0.1", timeout_s: float = 0.5) -> list[LocalServer]:
    """Every server on `ports` that lists at least one model, in the order of `ports`."""
    with ThreadPoolExecutor(max_workers=len(ports) or 1) as pool:
        found = list(pool.map(lambda item: _ask(host, item[0], item[1], timeout_s), ports))
    return [server for server in found if server]
