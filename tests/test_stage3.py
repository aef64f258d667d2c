"""Persona injection, pair mining, evaluation and chat, with a tiny generator and a scripted scorer."""
import numpy as np
import pytest

from core.apc import APCScorer
from core.chat import ChatSession, ChatTurn
from core.evaluate import EvalConfig, evaluate_adapter
from core.pairs import MiningConfig, mine_pairs, split_queries
from core.persona import PersonaConfig, build_messages, select_persona
from core.store import CharacterStore

STATEMENTS = ["Ada Byron lives in London.", "Ada Byron plays the violin.", "Ada Byron has a cat named Pascal.",
              "Ada Byron was born in 1990.", "Ada Byron fears thunder.", "Ada Byron drinks green tea."]


class KeywordDiscriminator:
    """Scripted probabilities: relevant when statement and query share a keyword; a response is entailed
    when it contains the statement's last word, contradicted when it says 'Paris'."""

    name = "keyword"

    def relevance(self, character, pairs):
        def rel(s, q):
            return any(w in q.lower() for w in ("live", "home")) and "lives" in s or any(
                w.strip(".").lower() in q.lower() for w in s.split()[2:])
        return np.array([[0.1, 0.9] if rel(s, q) else [0.9, 0.1] for s, q in pairs])

    def nli(self, character, triples):
        rows = []
        for s, _, r in triples:
            key = s.split()[-1].strip(".").lower()
            rows.append([0.9, 0.05, 0.05] if "paris" in r.lower() and "lives" in s else
                        [0.05, 0.05, 0.9] if key in r.lower() else [0.05, 0.9, 0.05])
        return np.array(rows)


class ScriptedGenerator:
    """Returns alternating faithful and unfaithful replies; records its calls."""

    def __init__(self):
        self.calls, self.adapter = [], None

    def generate(self, conversations, n=1, **sampling):
        self.calls.append((len(conversations), n, sampling))
        good = "I live in London." if self.adapter else "I live in London, I think."
        return [[good if i % 2 == 0 else "I live in Paris." for i in range(n)] for _ in conversations]

    def stream(self, messages, **sampling):
        yield from ["I live ", "in Paris", "."]

    def set_adapter(self, path):
        self.adapter = path


@pytest.fixture
def store(workspace):
    store = CharacterStore(workspace, "Ada Byron")
    store.ensure()
    store.write(store.paths.statements, [{"id": f"s{i}", "text": t, "enabled": True} for i, t in enumerate(STATEMENTS)])
    queries = [{"id": f"q{i}", "statement_id": "s0", "text": f"Where is your home? ({i})"} for i in range(30)]
    store.write(store.paths.queries, queries)
    return store


def test_injection_modes():
    scorer = APCScorer(KeywordDiscriminator())
    rag = select_persona(PersonaConfig(mode="rag", top_k=2), scorer, "Ada Byron", STATEMENTS, "Where do you live?")
    assert rag.statements[0] == "Ada Byron lives in London." and len(rag.statements) == 2
    assert select_persona(PersonaConfig(mode="eu"), scorer, "Ada Byron", STATEMENTS, "q").statements == []
    lcm = select_persona(PersonaConfig(mode="lcm", max_persona_tokens=20), scorer, "Ada Byron", STATEMENTS, "q",
                         count_tokens=lambda s: len(s.split()))
    assert 0 < len(lcm.statements) < len(STATEMENTS) and "left out" in lcm.warning
    messages = build_messages("Ada Byron", "Hi", rag.statements, [{"role": "user", "content": "a"}, {"role": "assistant", "content": "b"}])
    assert messages[0]["role"] == "system" and "Ada Byron lives in London." in messages[0]["content"]
    system = messages[0]["content"]  # the instruction last, after the third-person facts (core/persona.py says why)
    assert system.index("Ada Byron lives in London.") < system.index("in the first person")
    assert [m["role"] for m in messages] == ["system", "user", "assistant", "user"]
    with pytest.raises(ValueError, match="mode"):
        PersonaConfig(mode="magic")


def test_heldout_split_is_stable_and_disjoint():
    queries = [{"id": f"q{i}"} for i in range(200)]
    train, held = split_queries(queries, 0.2)
    assert not {q["id"] for q in train} & {q["id"] for q in held}
    assert 20 < len(held) < 60 and split_queries(queries, 0.2)[1] == held


def test_mining_keeps_best_and_worst_batched_and_resumable(store):
    generator, scorer = ScriptedGenerator(), APCScorer(KeywordDiscriminator())
    report = mine_pairs(store, generator, scorer, MiningConfig(n_samples=4, max_pairs=5, queries_per_batch=2))
    pairs = [__import__("json").loads(l) for l in store.paths.pairs.read_text().splitlines()]
    assert report.pairs == len(pairs) == 5
    assert all(n == 4 for _, n, _ in generator.calls) and all(c == 2 for c, _, _ in generator.calls)
    first = pairs[0]
    assert first["chosen"].startswith("I live in London") and first["rejected"] == "I live in Paris."
    assert first["margin"] > 0.2 and first["prompt"][0]["role"] == "system" and first["statements"]
    calls = len(generator.calls)
    mine_pairs(store, generator, scorer, MiningConfig(n_samples=4, max_pairs=5, queries_per_batch=2))
    assert len(generator.calls) == calls  # everything came from the finished items


def test_no_pair_above_threshold_says_what_to_do(store):
    report = mine_pairs(store, ScriptedGenerator(), APCScorer(KeywordDiscriminator()), MiningConfig(threshold=50))
    assert report.pairs == 0 and "lower the threshold" in report.message


def test_evaluate_reports_delta_and_rows(store, tmp_path):
    summary = evaluate_adapter(store, ScriptedGenerator(), APCScorer(KeywordDiscriminator()), "adapter-dir",
                               EvalConfig(max_queries=5), out_dir=tmp_path)
    assert summary["queries"] >= 1 and summary["adapter_apc"] >= summary["base_apc"]
    assert (tmp_path / "eval.jsonl").exists() and (tmp_path / "eval.json").exists()


def test_chat_streams_and_guards():
    session = ChatSession("Ada Byron", STATEMENTS, ScriptedGenerator(), APCScorer(KeywordDiscriminator()), guard=True)
    events = list(session.respond([], "Where do you live?"))
    assert "".join(e for e in events if isinstance(e, str)) == "I live in Paris."
    turn = events[-1]
    assert isinstance(turn, ChatTurn) and "Ada Byron lives in London." in turn.violated and turn.statements
    best = ChatSession("Ada Byron", STATEMENTS, ScriptedGenerator(), APCScorer(KeywordDiscriminator()), best_of=4)
    turn = list(best.respond([], "Where do you live?"))[-1]
    assert turn.reply.startswith("I live in London")
    assert len(turn.candidates) == 4 and turn.apc == max(turn.candidates) and turn.seconds > 0  # its cost, shown


def test_small_models_are_sampled_with_a_repetition_penalty_and_others_with_their_own_default():
    from types import SimpleNamespace

    small, large = ScriptedGenerator(), ScriptedGenerator()
    small.config, large.config = SimpleNamespace(model="embedded"), SimpleNamespace(model="Qwen/Qwen2.5-7B-Instruct")
    for generator in (small, large):
        list(ChatSession("Ada Byron", STATEMENTS, generator, APCScorer(KeywordDiscriminator()), best_of=2)
             .respond([], "Where do you live?"))
    assert small.calls[-1][2]["repetition_penalty"] == 1.2 and large.calls[-1][2]["repetition_penalty"] == 1.0
    assert small.calls[-1][2]["temperature"] == large.calls[-1][2]["temperature"] == 0.7


def test_chat_ends_a_reply_the_token_limit_cut_at_its_last_whole_sentence():
    class CutShort(ScriptedGenerator):
        def stream(self, messages, **sampling):
            yield "I live in Paris. "
            yield "My dog"
            return "length"  # the token limit stopped it

    session = ChatSession("Ada Byron", STATEMENTS, CutShort(), APCScorer(KeywordDiscriminator()), guard=True)
    events = list(session.respond([], "Where do you live?"))
    assert events[:-1] == ["I live in Paris. ", "My dog"] and events[-1].reply == "I live in Paris."


def test_chat_guard_keeps_the_judges_reasons_for_violated_statements():
    class Explaining(KeywordDiscriminator):
        def explain(self, character, triples):
            return ["London → Paris" if "London" in s else None for s, _, _ in triples]

    session = ChatSession("Ada Byron", STATEMENTS, ScriptedGenerator(), APCScorer(Explaining()), guard=True)
    turn = list(session.respond([], "Where do you live?"))[-1]
    assert turn.reasons == {"Ada Byron lives in London.": "London → Paris"}
