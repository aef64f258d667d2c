"""What the project asks a teacher for Character-LLM's experiences: scenes, their interactions, protective scenes.

The prompts are this project's own, after the paper's three steps (scene extraction, experience
completion, protective experiences). Answers are JSON held to a schema where the server supports it,
and checked here either way: a scene without a place or background, an interaction without the character
or with someone else's thoughts, is asked again, and counted as failed if it stays unusable.
"""
from __future__ import annotations

from core.errors import UserError
from core.teacher import TeacherClient, json_value

TURN_KINDS = ("speech", "thought", "action")

# A scene must hold what the paper's meta prompt needs later (location, status), and the characters
# present, so that the interaction has people to speak; "only what the passage supports" keeps the
# teacher's own knowledge of a famous character out of the character's experiences.
SCENES_SYSTEM = """\
You reconstruct scenes from a character's life, as training data for a model that will play the character.
Given a passage about the character, write distinct scenes that the passage describes or plainly implies.
Each scene has:
- "type": a few words (a conversation, a conflict, daily life, work, a celebration, a loss...);
- "location": where it happens, as precisely as the passage allows;
- "time": when it happens (a year, an age, a season, a time of day), or "" if the passage gives none;
- "background": two or three sentences: what is happening and what the character wants or feels;
- "characters": the people present, the character first; others by name, or by role ("a customer").
Use only what the passage supports; add nothing from your own knowledge of the character.
Write the values in the language of the passage. If the passage holds no scene of the character, answer an empty list.
Answer with a JSON object {"items": [scene, ...]} and nothing else."""

SCENES_USER = """\
Character: {character}

Passage:
{passage}

Write up to {n} scenes of {character}'s life from this passage."""

# The interaction is what the model learns to produce, so its turns are the character's own voice; the
# thoughts are what makes Character-LLM's data more than a chat log, and only the character's thoughts
# are known to the character.
DIALOGUE_SYSTEM = """\
You write one scene of a character's life as an interaction, as training data for a model that will play the character.
Write the turns of the scene between the character and the others present. Each turn is one of:
- "speech": what someone says aloud;
- "thought": what the character thinks (only the character's own thoughts, never another person's);
- "action": what someone does, in a short sentence.
Rules:
- The character speaks in the first person, in their own voice, tone and vocabulary.
- The character is the centre of the scene: at least half of the turns are the character's.
- Stay true to the facts given; invent no fact about the character beyond the scene.
- At least {min_turns} turns; include at least one thought of the character.
- Write in the language of the scene.
Answer with a JSON object {{"turns": [{{"speaker": name, "kind": "speech"|"thought"|"action", "text": ...}}, ...]}} and nothing else."""

DIALOGUE_USER = """\
Character: {character}
Scene type: {type}
Location: {location}
Time: {time}
Background: {background}
Present: {characters}

Facts about {character} this scene must stay true to:
{facts}

Write the interaction."""

# Protective experiences: the character meets what lies outside their world and stays in character,
# neither pretending to know it nor breaking the fiction to explain that they are a model.
PROTECTIVE_ADDENDUM = """
This is a protective scene: the other person asks about {topic}, something {character} cannot know ({why}). \
{character} stays in character: puzzled or curious, says plainly that they do not know it, invents nothing \
about it, never mentions being an AI or a role, and may bring the talk back to their own life."""

SCENES_SCHEMA = {
    "type": "object",
    "properties": {"items": {"type": "array", "items": {
        "type": "object",
        "properties": {k: {"type": "string"} for k in ("type", "location", "time", "background")}
        | {"characters": {"type": "array", "items": {"type": "string"}}},
        "required": ["type", "location", "time", "background", "characters"],
        "additionalProperties": False}}},
    "required": ["items"],
    "additionalProperties": False,
}
TURNS_SCHEMA = {
    "type": "object",
    "properties": {"turns": {"type": "array", "items": {
        "type": "object",
        "properties": {"speaker": {"type": "string"}, "kind": {"type": "string", "enum": list(TURN_KINDS)},
                       "text": {"type": "string"}},
        "required": ["speaker", "kind", "text"],
        "additionalProperties": False}}},
    "required": ["turns"],
    "additionalProperties": False,
}


def ask_scenes(client: TeacherClient, character: str, passage: str, n: int) -> list[dict]:
    messages = [{"role": "system", "content": SCENES_SYSTEM},
                {"role": "user", "content": SCENES_USER.format(character=character, passage=passage, n=n)}]
    return client.json_call(messages, lambda text: parse_scenes(text, character)[:n], schema=SCENES_SCHEMA)


def ask_dialogue(client: TeacherClient, character: str, scene: dict, facts: list[str], min_turns: int) -> list[dict]:
    system = DIALOGUE_SYSTEM.format(min_turns=min_turns)
    if scene.get("trap"):
        system += PROTECTIVE_ADDENDUM.format(topic=scene["trap"]["topic"], character=character, why=scene["trap"]["why"])
    user = DIALOGUE_USER.format(character=character, type=scene["type"], location=scene["location"] or "-",
                                time=scene["time"] or "-", background=scene["background"],
                                characters=", ".join(scene["characters"]), facts="\n".join(f"- {f}" for f in facts) or "-")
    messages = [{"role": "system", "content": system}, {"role": "user", "content": user}]
    return client.json_call(messages, lambda text: parse_turns(text, character, min_turns), schema=TURNS_SCHEMA,
                            max_tokens=2048)


def parse_scenes(text: str, character: str) -> list[dict]:
    value = json_value(text)
    items = value.get("items") if isinstance(value, dict) else value
    if not isinstance(items, list):
        raise UserError('the answer must be {"items": [scene, ...]}')
    scenes = []
    for index, item in enumerate(items):
        if not isinstance(item, dict):
            raise UserError(f"scene {index + 1} is not an object")
        scene = {k: str(item.get(k) or "").strip() for k in ("type", "location", "time", "background")}
        if not scene["background"] or not scene["type"]:
            raise UserError(f"scene {index + 1} has no type or no background")
        people = [str(p).strip() for p in item.get("characters") or [] if str(p).strip()]
        # the character first, once, whatever form the teacher wrote their name in
        others = [p for p in people if p.casefold() not in character.casefold() and character.casefold() not in p.casefold()]
        scenes.append({**scene, "characters": [character, *others]})
    return scenes


def parse_turns(text: str, character: str, min_turns: int) -> list[dict]:
    value = json_value(text)
    items = value.get("turns") if isinstance(value, dict) else value
    if not isinstance(items, list) or not items:
        raise UserError('the answer must be {"turns": [turn, ...]}')
    turns = []
    for index, item in enumerate(items):
        if not isinstance(item, dict) or not str(item.get("text") or "").strip() or not str(item.get("speaker") or "").strip():
            raise UserError(f"turn {index + 1} needs a speaker and a text")
        kind = str(item.get("kind") or "speech").strip().lower()
        if kind not in TURN_KINDS:
            raise UserError(f"turn {index + 1}'s kind must be one of {', '.join(TURN_KINDS)}, not {kind!r}")
        speaker = str(item["speaker"]).strip()
        mine = speaker.casefold() in character.casefold() or character.casefold() in speaker.casefold()
        if kind == "thought" and not mine:
            raise UserError(f"turn {index + 1} is {speaker}'s thought: only {character}'s thoughts may be written")
        turns.append({"speaker": character if mine else speaker, "kind": kind, "text": str(item["text"]).strip()})
    own = sum(t["speaker"] == character for t in turns)
    if len(turns) < min_turns:
        raise UserError(f"the interaction has {len(turns)} turns; at least {min_turns} were asked for")
    if own * 2 < len(turns):
        raise UserError(f"{character} has {own} of {len(turns)} turns; at least half were asked for")
    return turns
