"""Character-LLM's training data: each reconstructed interaction as one chat for supervised fine-tuning.

The system message is the paper's meta prompt (who, where, in what situation: the scene's location and
time, and its background as the status). The character's turns are the assistant's, everyone else's the
user's, so that training on the assistant's tokens alone (core/train_sft.py) teaches the character's voice
and never the others'. Thoughts and actions stay in the character's turns as marked lines, as the paper's
data marks them, since they are part of what the character does; consecutive turns of one side are one
message, as chat templates want the sides to alternate.
"""
from __future__ import annotations

from core.persona import meta_prompt
from core.sentences import CJK
from core.store import CharacterStore

MARKS = {"en": {"thought": "(thinking) ", "action": "(action) "}, "zh": {"thought": "（心想）", "action": "（动作）"}}
OPENING = {"en": "(The scene begins.)", "zh": "（场景开始。）"}


def scene_conversation(character: str, scene: dict, turns: list[dict]) -> dict | None:
    """{"messages": [system, user, assistant, ...], "scene_id"}, or None when the character never speaks."""
    lang = "zh" if CJK.search(character + scene.get("background", "")) else "en"
    others = {t["speaker"] for t in turns if t["speaker"] != character}
    place = ", ".join(x for x in (scene.get("location"), scene.get("time")) if x)
    messages = [{"role": "system", "content": meta_prompt(character, place, scene.get("background", ""))}]
    for item in turns:
        mine = item["speaker"] == character
        role = "assistant" if mine else "user"
        text = (MARKS[lang].get(item["kind"], "") + item["text"] if mine else
                item["text"] if item["kind"] == "speech" and len(others) == 1 else
                f"({item['speaker']}: {item['text']})" if item["kind"] == "action" else f"{item['speaker']}: {item['text']}")
        if messages[-1]["role"] == role:
            messages[-1]["content"] += "\n" + text
        else:
            messages.append({"role": role, "content": text})
    if len(messages) > 1 and messages[1]["role"] == "assistant":  # templates want a user turn first
        messages.insert(1, {"role": "user", "content": OPENING[lang]})
    while messages[-1]["role"] != "assistant":  # the others' last words teach nothing
        messages.pop()
        if len(messages) == 1:
            return None
    return {"messages": messages, "scene_id": scene["id"]}


def experience_conversations(store: CharacterStore) -> list[dict]:
    """Every enabled scene's enabled interaction as a chat, in the scenes' order."""
    dialogues = {d["scene_id"]: d for d in store.experiences() if d.get("enabled", True)}
    rows = []
    for scene in store.scenes():
        dialogue = dialogues.get(scene["id"])
        if scene.get("enabled", True) and dialogue and dialogue["turns"]:
            row = scene_conversation(store.name, scene, dialogue["turns"])
            if row:
                rows.append(row)
    return rows
