"""Issue 11, point 1: on a Space with Hugging Face OAuth, every signed-in user works in a workspace of their own.

Gradio hands a handler that asks for it a `gr.OAuthProfile` read from the request's session. Here the session
comes from a small ASGI layer in front of the real app (a test fixture standing in for Hugging Face's login:
it puts the user named in a header into the session, as Gradio's OAuth routes do after a login), and two
users, through the app's own HTTP endpoints, create, list, open and edit characters.
"""
import threading
import time

import pytest

from tests.conftest import free_port


class _SignedIn:
    """ASGI middleware: the `x-test-user` header's user is the session's OAuth user."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] in ("http", "websocket"):
            user = dict(scope.get("headers") or []).get(b"x-test-user", b"").decode()
            scope["session"] = {"oauth_info": {"userinfo": {"name": user, "preferred_username": user, "picture": "",
                                                            "profile": "", "website": "", "org": []},
                                               "access_token": "t", "scope": "openid", "expires_at": time.time() + 3600}
                                } if user else {}
        await self.app(scope, receive, send)


@pytest.fixture(scope="module")
def signed_in_app(tmp_path_factory):
    import gradio as gr
    import uvicorn
    from fastapi import FastAPI

    from app import build_app
    from core.engine import Engine, EngineConfig

    root = tmp_path_factory.mktemp("oauth-ws")
    engine = Engine(EngineConfig(workspace=str(root)))
    app = gr.mount_gradio_app(FastAPI(), build_app(engine).queue(), path="")
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(_SignedIn(app), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    for _ in range(200):
        if server.started:
            break
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}/", root
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def _client(url: str, user: str):
    from gradio_client import Client

    # a generous read timeout: late in the whole suite, on two busy cores, a call has taken longer than httpx's 5 s
    return Client(url, headers={"x-test-user": user}, verbose=False, httpx_kwargs={"timeout": 120})


WIKI = "Mara Quist keeps the harbour light at Fennick.\n\nShe has a grey cat called Tar."


def test_two_signed_in_users_never_see_each_others_characters(signed_in_app, tmp_path):
    url, root = signed_in_app
    from gradio_client import handle_file

    wiki = tmp_path / "mara.txt"
    wiki.write_text(WIKI, encoding="utf-8")
    alice, bob = _client(url, "alice-h"), _client(url, "bob-h")
    alice.predict("Alice's Mara", [handle_file(str(wiki))], "", api_name="/character_create")
    bob.predict("Bob's Mara", [handle_file(str(wiki))], "", api_name="/character_create")

    def names(client) -> set[str]:
        listed = client.predict(api_name="/character_list")
        return {c for c in (listed.get("choices") if isinstance(listed, dict) else listed) or [] for c in ([c] if isinstance(c, str) else c[:1])}

    assert "Alice's Mara" in names(alice) and "Bob's Mara" not in names(alice)
    assert "Bob's Mara" in names(bob) and "Alice's Mara" not in names(bob)
    with pytest.raises(Exception, match="no character named|not in the list of choices"):
        bob.predict("Alice's Mara", api_name="/character_open")
    # Each user's files are under a folder of their own, and nothing of theirs is in the shared workspace.
    users = sorted(p.name for p in (root / "users").iterdir())
    assert len(users) == 2 and any("alice" in u for u in users) and any("bob" in u for u in users)
    assert not any(p.name == "passages.jsonl" for p in root.glob("*/passages.jsonl"))


def test_every_endpoint_that_reads_a_workspace_asks_gradio_for_the_oauth_profile(tmp_path):
    """Any handler that takes the request (to find the user's workspace) takes the OAuth profile too, so no
    endpoint falls back to the shared workspace for a signed-in user."""
    import gradio as gr

    from app import build_app
    from core.engine import Engine, EngineConfig
    from gradio.utils import get_type_hints

    demo = build_app(Engine(EngineConfig(workspace=str(tmp_path))))
    checked = 0
    for block_fn in demo.fns.values():
        hints = get_type_hints(block_fn.fn)
        if gr.Request in hints.values():
            checked += 1
            assert (gr.OAuthProfile | None) in hints.values(), f"{block_fn.name} reads a workspace without the profile"
    assert checked >= 20
