"""A first tab: score responses by APC (the full six-tab flow builds on the same engine facade)."""
from __future__ import annotations

import gradio as gr

EXAMPLE = {
    "character": "Komeiji Koishi",
    "statements": "Komeiji Koishi lives with her sister, Komeiji Satori.\nKomeiji Koishi lives in Chireiden.",
    "query": "Where do you live, Koishi?",
    "responses": "I live in Chireiden with my sister, Satori!\nI live in Chireiden!\nI live in Hakurei Shrine!",
}


def render(results: list[dict]) -> str:
    ranked = sorted(results, key=lambda r: -r["apc"])
    lines = []
    for rank, r in enumerate(ranked, 1):
        lines.append(f"### {rank}. APC {r['apc']:.3f} / {r['max_apc']} — {r['response']}")
        for s in r["statements"]:
            icon = "✅" if s["satisfied"] else "❌"
            kind = "active" if s["active"] else "passive"
            lines.append(f"- {icon} *{kind}* (relevance {s['p_relevant']:.2f}, entailed {s['p_entailed']:.2f}, "
                         f"contradicted {s['p_contradicted']:.2f}): {s['statement']}")
    return "\n".join(lines)


def build_score_tab(engine) -> None:
    with gr.Row():
        with gr.Column():
            character = gr.Textbox(label="Character", value=EXAMPLE["character"])
            statements = gr.Textbox(label="Persona statements (one per line)", lines=5, value=EXAMPLE["statements"])
            query = gr.Textbox(label="User query", value=EXAMPLE["query"])
            responses = gr.Textbox(label="Responses (one per line)", lines=4, value=EXAMPLE["responses"])
            button = gr.Button("Score by APC", variant="primary")
        with gr.Column():
            output = gr.Markdown()

    def score(character, statements, query, responses):
        try:
            results = engine.score(character, statements.splitlines(), query, responses.splitlines())
        except (ValueError, RuntimeError) as exc:
            raise gr.Error(str(exc)) from exc
        return render(results)

    button.click(score, [character, statements, query, responses], output, api_name="score")
