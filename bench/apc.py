"""APC scoring speed: the reference algorithm against the engine, same models, same process.

Reference (as in the APC paper's code): for every response and every statement, one relevance forward
pass and one NLI forward pass at batch size 1, each running every layer on every token; relevance is
re-scored for every response. Engine: relevance once per (statement, query), NLI for all
statement x response pairs in length-sorted batches, statement and query/response encodings computed
once and shared (split cross-encoder), last layer at [CLS] only.

    python bench/apc.py [--statements 100] [--responses 4] [--repeats 3] [--no-lexical-relevance] [--no-touch-gate]
                        [--no-value-check] [--no-negation-check] [--no-name-check]
"""
from __future__ import annotations

import argparse
import json
import platform
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np  # noqa: E402
import torch  # noqa: E402

from core.apc import APCScorer  # noqa: E402
from core.corpus import load_characters  # noqa: E402
from core.crossencoder import pad, side_a_text, side_b_text, tokenize_side  # noqa: E402
from core.discriminators import EmbeddedDiscriminator  # noqa: E402
from core.touch import gate_contradictions, overlap  # noqa: E402
from core import judgebuild  # noqa: E402

CHARACTER = "Komeiji Koishi"
QUERY = "Where do you live, Koishi?"
RESPONSES = ["I live in Chireiden with my sister, Satori!", "I live in Chireiden!", "I live in Hakurei Shrine!",
             "Hmm, somewhere underground, where the flowers of the heart bloom. Why do you ask?"]


def persona(n: int) -> list[str]:
    """n realistic statements: the corpus' English statements with their character renamed."""
    out = ["Komeiji Koishi lives with her sister, Komeiji Satori.", "Komeiji Koishi lives in Chireiden."]
    for character in load_characters():
        if character.get("language") == "zh":
            continue
        for entry in character["statements"]:
            out.append(entry["statement"].replace(character["character"], CHARACTER))
    return out[:n]


@torch.inference_mode()
def reference_apc(disc: EmbeddedDiscriminator, statements: list[str], query: str, responses: list[str],
                  character: str = CHARACTER) -> list[float]:
    """One full forward pass per pair, batch 1, relevance recomputed for every response; the same rules as the
    engine's judge when it has them: shared-word relevance and the touch gate (core.touch), then the
    changed-value, denied-claim and swapped-name checks (EmbeddedDiscriminator.rule_checks)."""
    rel_model, nli_model = disc.rel, disc.nli_model

    def single(classifier, a: str, b: str) -> np.ndarray:
        ids_a = pad(tokenize_side(classifier.tokenizer, [a], classifier.model.spec.max_side_tokens, True))
        ids_b = pad(tokenize_side(classifier.tokenizer, [b], classifier.model.spec.max_side_tokens, False))
        return classifier.model.forward_full(*ids_a, *ids_b).softmax(-1)[0].numpy()

    scores = []
    for response in responses:
        total = 0.0
        for statement in statements:
            a = side_a_text(character, statement)
            p_rel = disc.relevance_rules(character, [(statement, query)], single(rel_model, a, side_b_text(query))[None])[0]
            p_nli = single(nli_model, a, side_b_text(query, response))
            if disc.touch_gate:
                touch = max(overlap(character, statement, f"{query}\n{response}"), p_rel[1])
                p_nli = gate_contradictions(p_nli[None], [touch])[0]
            p_nli = disc.rule_checks(character, [(statement, query, response)], p_nli[None])[0]
            total += p_rel[0] * (1 - p_nli[0]) + p_rel[1] * p_nli[2]
        scores.append(float(total))
    return scores


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--statements", type=int, default=100)
    parser.add_argument("--responses", type=int, default=4)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--no-touch-gate", dest="touch_gate", action="store_false", help="score without the judge's touch gate (core.touch)")
    parser.add_argument("--no-value-check", dest="value_check", action="store_false", help="score without the changed-value check (core.values)")
    parser.add_argument("--no-negation-check", dest="negation_check", action="store_false", help="score without the denied-claim check (core.negation)")
    parser.add_argument("--no-name-check", dest="name_check", action="store_false", help="score without the swapped-name check (core.swaps)")
    parser.add_argument("--no-lexical-relevance", dest="lexical_relevance", action="store_false", help="relevance from the model alone (core.touch)")
    args = parser.parse_args()
    statements = persona(args.statements)
    responses = (RESPONSES * 10)[: args.responses]
    disc = EmbeddedDiscriminator(judgebuild.model_dir("relevance"), judgebuild.model_dir("nli"), "cpu", touch_gate=args.touch_gate,
                                 value_check=args.value_check, negation_check=args.negation_check, name_check=args.name_check,
                                 lexical_relevance=args.lexical_relevance)

    ref_times, eng_times = [], []
    for _ in range(args.repeats):
        start = time.perf_counter()
        reference = reference_apc(disc, statements, QUERY, responses)
        ref_times.append(time.perf_counter() - start)
        disc.rel._states.clear()
        disc.nli_model._states.clear()
        start = time.perf_counter()
        engine = [r.score for r in APCScorer(disc).score(CHARACTER, statements, QUERY, responses)]
        eng_times.append(time.perf_counter() - start)
    difference = max(abs(a - b) for a, b in zip(reference, engine))
    ref, eng = statistics.median(ref_times), statistics.median(eng_times)
    result = {
        "statements": len(statements), "responses": len(responses), "threads": torch.get_num_threads(),
        "cpu": platform.processor() or platform.machine(), "reference_s": round(ref, 3), "engine_s": round(eng, 3),
        "speedup": round(ref / eng, 1), "max_score_difference": float(f"{difference:.2e}"),
        "scores": [round(s, 4) for s in engine],
    }
    print(json.dumps(result, indent=2))
    print(f"\n| statements x responses | reference (s) | engine (s) | speed-up | max |score diff| |\n|---|---|---|---|---|\n"
          f"| {len(statements)} x {len(responses)} | {ref:.2f} | {eng:.3f} | {ref / eng:.1f}x | {difference:.1e} |")
    if difference > 1e-4:
        sys.exit(f"engine and reference disagree by {difference:.2e} (> 1e-4)")


if __name__ == "__main__":
    main()
