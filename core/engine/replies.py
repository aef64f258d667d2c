"""The Engine's replies: Compare's side-by-side generations and the Chat tab's streamed turns."""
from __future__ import annotations

import queue
import threading
from typing import Iterator

from core.engine.types import GeneratorSettings
from core.errors import UserError


class RepliesMixin:
    # -- tab 4: generated replies ------------------------------------------------------------------
    def generate_replies(self, name: str, query: str, sources: list[str], mode: str = "rag",
                         user: str | None = None, best_of: int = 1) -> list[dict]:
        """One reply per source ("base" or a run name) to `query`: [{source, response}], greedy; with best_of > 1 the
        best by APC of that many samples, with {candidates: every sample's APC, seconds} (core.workbench)."""
        from core.workbench import replies_from

        if not query.strip():
            raise UserError("Type the user's query.")
        store = self.store(name, user)
        with self._models:
            return replies_from(store, self.generator(), self._judge(name, user), query.strip(), sources, self.persona(mode),
                                best_of=best_of)

    # -- tab 6: chat -------------------------------------------------------------------------------
    def chat(self, name: str, history: list[dict], message: str, run: str | None = None, mode: str = "rag",
             guard: bool = True, best_of: int = 1, user: str | None = None, location: str = "",
             status: str = "", server: GeneratorSettings | None = None) -> Iterator[str | dict]:
        """Streams the reply's text pieces, then one dict {reply, statements, relevance, apc, max_apc, violated, reasons,
        warning, candidates, seconds}. In meta mode `location` and `status` set the scene of Character-LLM's meta
        prompt. A configured `server` writes the replies instead of the engine's generator (the judge stays local)."""
        from core.chat import ChatSession, ChatTurn
        from core.generation import GeneratorConfig, load_generator
        from core.jobs import adapter_dir

        remote = server is not None and server.configured
        if remote and run:
            raise UserError("A trained run's adapter runs on the embedded generator, not on a server: chat with the "
                            "base model, or serve the adapter there (vLLM --lora-modules) and name it as the model.")

        if not message.strip():
            raise UserError("Type a message first.")
        store = self.existing(name, user)
        statements = [s["text"] for s in store.statements(enabled_only=True)]
        if not statements:
            raise UserError(f"{store.name} has no enabled statements yet: extract them in the Statements tab.")
        adapter = adapter_dir(store, run) if run else None
        turns = [{"role": m["role"], "content": m["content"]} for m in history]

        def reply() -> Iterator[str | dict]:
            with self._models:
                if remote:
                    generator = load_generator(GeneratorConfig(model=server.model.strip(), backend="openai",
                                                               base_url=server.base_url, api_key=server.api_key))
                else:
                    generator = self.generator()
                    generator.set_adapter(adapter)
                session = ChatSession(store.name, statements, generator, self._judge(name, user), self.persona(mode, location, status),
                                      guard=guard, best_of=best_of)
                try:
                    for event in session.respond(turns, message.strip()):
                        yield event.__dict__ if isinstance(event, ChatTurn) else event
                finally:
                    if remote:
                        generator.close()

        yield from in_one_thread(reply())

    def reply(self, name: str, messages: list[dict], run: str | None = None, mode: str = "rag", guard: bool = True,
              user: str | None = None) -> dict:
        """The whole reply to an OpenAI-style messages list (its last message the user's): {reply, apc} where apc is
        the guard's verdict (core.serve.apc_verdict) or None without the guard. The server's and the MCP tool's turn."""
        from core.serve import apc_verdict, conversation

        history, message = conversation(messages)
        events = list(self.chat(name, history, message, run=run, mode=mode, guard=guard, user=user))
        turn = next((e for e in events if isinstance(e, dict)), None)
        text = (turn or {}).get("reply") or "".join(e for e in events if isinstance(e, str)).strip()
        return {"reply": text, "apc": apc_verdict(turn)}

    def chat_server(self, name: str, run: str | None = None, mode: str = "rag", guard: bool = True,
                    user: str | None = None):
        """The character as an OpenAI-compatible FastAPI app (core/serve.py), each turn through `chat`."""
        from core.serve import ServeConfig, build_server

        return build_server(self, ServeConfig(name, run, mode, guard, user))


def in_one_thread(events: Iterator) -> Iterator:
    """Run a generator to its end in a thread of its own and pass its items on as they come.

    A chat reply holds the models' lock while it streams. A web server advances a stream from whichever worker
    thread is free and simply stops asking when the page goes away, so a reply left half-read would keep the
    lock (and every other session's model call waiting) until garbage collection. Here the reply always runs
    to its end, in one thread, and the lock is released there, whoever reads the stream and from where.
    """
    items: queue.Queue = queue.Queue()
    done = object()

    def pump() -> None:
        try:
            for item in events:
                items.put((item, None))
            items.put((done, None))
        except BaseException as exc:  # handed to the consumer, which raises it where it reads
            items.put((done, exc))

    threading.Thread(target=pump, name="chat-reply", daemon=True).start()
    while True:
        item, error = items.get()
        if error is not None:
            raise error
        if item is done:
            return
        yield item
