"""The SFT half of the training job: Character-LLM's experiences through TRL's SFTTrainer, loss on the character only.

TRL can mask everything but the assistant's tokens itself only for chat templates that mark them
(`{% generation %}`), which neither the embedded generator's nor most instruct models' templates do. So
the chats are tokenized here: the template renders each prefix of a conversation, and the tokens an
assistant message adds are the ones its mask keeps. TRL reads the pre-tokenized rows' `assistant_masks`
and trains on those tokens alone.
"""
from __future__ import annotations

import logging
from typing import Any

from core.paths import RunPaths
from core.trainconfig import DPOTrainConfig, TrainingError

log = logging.getLogger("core.train")


def _ids(tokenizer: Any, messages: list[dict], generation_prompt: bool) -> list[int]:
    return list(tokenizer.apply_chat_template(messages, tokenize=True, add_generation_prompt=generation_prompt,
                                              return_dict=False))


def tokenize_conversation(tokenizer: Any, messages: list[dict], max_length: int) -> dict:
    """input_ids of the whole chat and assistant_masks: 1 on the tokens of the assistant's messages only."""
    ids = _ids(tokenizer, messages, False)
    mask = [0] * len(ids)
    for index, message in enumerate(messages):
        if message["role"] != "assistant":
            continue
        start = len(_ids(tokenizer, messages[:index], True))  # the prompt up to this reply, its header included
        end = len(_ids(tokenizer, messages[: index + 1], False))
        if ids[:end] != _ids(tokenizer, messages[: index + 1], False):
            raise TrainingError("the chat template renders a conversation differently from its prefixes; "
                                "it cannot be trained on the character's turns alone")
        mask[start:end] = [1] * (end - start)
    return {"input_ids": ids[:max_length], "assistant_masks": mask[:max_length]}


def tokenize_conversations(tokenizer: Any, rows: list[dict], max_length: int) -> list[dict]:
    tokenized = [tokenize_conversation(tokenizer, row["messages"], max_length) for row in rows]
    kept = [row for row in tokenized if any(row["assistant_masks"])]
    if not kept:
        raise TrainingError(f"every conversation's system prompt and opening fill max_length={max_length}: raise max_length")
    if len(kept) < len(tokenized):
        log.warning("%d of %d conversations have no character's turn within max_length=%d and are left out",
                    len(tokenized) - len(kept), len(tokenized), max_length)
    return kept


def build_sft_config(config: DPOTrainConfig, paths: RunPaths, device: str, bf16: bool):
    from trl import SFTConfig

    from core.train import training_args

    # a chat is one example: packing would let one scene's tokens attend to another's
    return SFTConfig(**training_args(config, paths, device, bf16), packing=False)


def sft_parts(config: DPOTrainConfig, paths: RunPaths, device: str, bf16: bool, tokenizer: Any,
              conversations: list[dict]) -> tuple[Any, Any, list[dict]]:
    """SFTTrainer, its arguments and the tokenized experiences, for core.train.build_trainer."""
    from trl import SFTTrainer

    from core.train import fold_system_if_unsupported_messages

    rows = fold_system_if_unsupported_messages(tokenizer, conversations)
    return SFTTrainer, build_sft_config(config, paths, device, bf16), tokenize_conversations(tokenizer, rows, config.max_length)
