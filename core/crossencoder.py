"""The embedded discriminator: a MiniLM cross-encoder split so that its expensive part is cached.

Layers [0, split) encode each side alone: side A is the persona statement, side B the user query (and
for NLI the response). Layers [split, L) see the two sides concatenated, as a cross-encoder does. APC
scores every statement against the same query and every response, so side A of a statement is computed
once and reused for all of them, and side B of a query/response once for all statements.

The last layer is needed only at the [CLS] position (the classifier reads nothing else), so `forward`
computes that layer for one token instead of all of them. `forward_full` runs every token through every
layer, as a stock cross-encoder would; both give the same logits (tested), and the benchmark uses
`forward_full` at batch 1 as the reference algorithm.
"""
from __future__ import annotations

import json
import math
from dataclasses import asdict, dataclass, field
from pathlib import Path

import torch
from safetensors.torch import load_file, save_file
from torch import nn
from transformers import AutoTokenizer, BertConfig, BertModel
from transformers.masking_utils import create_bidirectional_mask

from core.paths import CROSS_ENCODER_SPEC

FORMAT = "apc-split-cross-encoder/1"


@dataclass
class CrossEncoderSpec:
    labels: list[str]
    split: int = 4
    side_features: bool = True  # also feed the head each side's own sentence embedding (see SplitCrossEncoder)
    max_side_tokens: int = 128
    temperature: float = 1.0  # logits are divided by it: fitted after training so probabilities are calibrated
    format: str = FORMAT
    metrics: dict = field(default_factory=dict)


class SplitCrossEncoder(nn.Module):
    def __init__(self, bert: BertModel, spec: CrossEncoderSpec):
        super().__init__()
        if not 0 < spec.split < bert.config.num_hidden_layers:
            raise ValueError(f"split must be between 1 and {bert.config.num_hidden_layers - 1}, got {spec.split}")
        self.bert = bert
        self.spec = spec
        self.dropout = nn.Dropout(0.1)
        width = bert.config.hidden_size * (5 if spec.side_features else 1)
        self.head = nn.Linear(width, len(spec.labels))

    # -- the two halves ---------------------------------------------------------------------------
    def encode_side(self, ids: torch.Tensor, mask: torch.Tensor, side: int, stop: int | None = None) -> torch.Tensor:
        """Hidden states of one side after layers [0, stop) (default: all separate layers): [B, T, H]."""
        types = torch.full_like(ids, side)
        hidden = self.bert.embeddings(input_ids=ids, token_type_ids=types)
        return self.continue_side(hidden, mask, 0, self.spec.split if stop is None else stop)

    def continue_side(self, hidden: torch.Tensor, mask: torch.Tensor, start: int, stop: int | None = None) -> torch.Tensor:
        """Run one side through layers [start, stop): training resumes from frozen, precomputed layers."""
        attn = create_bidirectional_mask(config=self.bert.config, inputs_embeds=hidden, attention_mask=mask)
        for layer in self.bert.encoder.layer[start : self.spec.split if stop is None else stop]:
            hidden = layer(hidden, attn)
        return hidden

    def side_embedding(self, hidden: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        """The side alone through the remaining layers, mean-pooled: all-MiniLM-L6-v2's own sentence
        embedding. Its similarity features give the head a strong prior that a small corpus cannot."""
        hidden = self.continue_side(hidden, mask, self.spec.split, self.bert.config.num_hidden_layers)
        weights = mask.unsqueeze(-1).to(hidden.dtype)
        return (hidden * weights).sum(1) / weights.sum(1).clamp(min=1.0)

    def joint(self, ha: torch.Tensor, ma: torch.Tensor, hb: torch.Tensor, mb: torch.Tensor,
              ea: torch.Tensor | None = None, eb: torch.Tensor | None = None) -> torch.Tensor:
        """Logits from cached side states (and side embeddings): the joint layers, the last at [CLS] only."""
        hidden = torch.cat([ha, hb], dim=1)
        mask = torch.cat([ma, mb], dim=1)
        attn = create_bidirectional_mask(config=self.bert.config, inputs_embeds=hidden, attention_mask=mask)
        layers = self.bert.encoder.layer
        for layer in layers[self.spec.split : -1]:
            hidden = layer(hidden, attn)
        return self._head(_cls_only_layer(layers[-1], hidden, mask), ha, ma, hb, mb, ea, eb)

    def _head(self, cls, ha, ma, hb, mb, ea=None, eb=None) -> torch.Tensor:
        if not self.spec.side_features:
            return self.head(self.dropout(cls)) / self.spec.temperature
        ea = self.side_embedding(ha, ma) if ea is None else ea
        eb = self.side_embedding(hb, mb) if eb is None else eb
        features = torch.cat([cls, ea, eb, (ea - eb).abs(), ea * eb], dim=-1)
        return self.head(self.dropout(features)) / self.spec.temperature

    # -- whole passes -----------------------------------------------------------------------------
    def forward(self, a_ids, a_mask, b_ids, b_mask) -> torch.Tensor:
        return self.joint(self.encode_side(a_ids, a_mask, 0), a_mask, self.encode_side(b_ids, b_mask, 1), b_mask)

    def forward_full(self, a_ids, a_mask, b_ids, b_mask) -> torch.Tensor:
        """Reference path: every layer on every token, then [CLS]."""
        ha, hb = self.encode_side(a_ids, a_mask, 0), self.encode_side(b_ids, b_mask, 1)
        hidden = torch.cat([ha, hb], dim=1)
        mask = torch.cat([a_mask, b_mask], dim=1)
        attn = create_bidirectional_mask(config=self.bert.config, inputs_embeds=hidden, attention_mask=mask)
        for layer in self.bert.encoder.layer[self.spec.split :]:
            hidden = layer(hidden, attn)
        return self._head(hidden[:, 0], ha, a_mask, hb, b_mask)

    # -- persistence ------------------------------------------------------------------------------
    def save(self, directory: Path, tokenizer) -> None:
        directory = Path(directory)
        directory.mkdir(parents=True, exist_ok=True)
        state = {k: v.detach().contiguous() for k, v in self.state_dict().items()}
        save_file(state, str(directory / "model.safetensors"))
        self.bert.config.to_json_file(str(directory / "bert_config.json"))
        (directory / CROSS_ENCODER_SPEC).write_text(json.dumps(asdict(self.spec), indent=2), encoding="utf-8")
        tokenizer.save_pretrained(str(directory))

    @classmethod
    def load(cls, directory: Path, device: str = "cpu") -> tuple["SplitCrossEncoder", object]:
        directory = Path(directory)
        spec = CrossEncoderSpec(**json.loads((directory / CROSS_ENCODER_SPEC).read_text(encoding="utf-8")))
        if spec.format != FORMAT:
            raise ValueError(f"{directory} holds a {spec.format!r} model; this version reads {FORMAT!r}.")
        config = BertConfig.from_json_file(str(directory / "bert_config.json"))
        model = cls(BertModel(config, add_pooling_layer=False), spec)
        model.load_state_dict(load_file(str(directory / "model.safetensors")))
        tokenizer = AutoTokenizer.from_pretrained(str(directory))
        return model.to(device).eval(), tokenizer

    @classmethod
    def from_encoder(cls, encoder_dir: Path, spec: CrossEncoderSpec, cjk_vocabulary: bool = False,
                     seed: int = 0) -> tuple["SplitCrossEncoder", object]:
        bert = BertModel.from_pretrained(str(encoder_dir), add_pooling_layer=False)
        tokenizer = AutoTokenizer.from_pretrained(str(encoder_dir))
        if cjk_vocabulary:
            add_cjk_vocabulary(bert, tokenizer, seed)
        return cls(bert, spec), tokenizer


def add_cjk_vocabulary(bert: BertModel, tokenizer, seed: int = 0) -> int:
    """Give every CJK ideograph a token of its own. MiniLM's English vocabulary reads about 60% of the
    characters of a Chinese sentence as [UNK], so a reply that changes 十三 to 十七, or a name, looks the
    same as the statement. A new character gets a fixed random embedding with the scale of the pretrained
    ones: it carries no meaning, but it is distinct, so the trained layers can tell whether a statement and a
    reply share that character. Returns the number of tokens added."""
    vocabulary = tokenizer.get_vocab()
    characters = [chr(c) for c in range(0x4E00, 0xA000) if chr(c) not in vocabulary]
    added = tokenizer.add_tokens(characters)
    old = bert.get_input_embeddings().weight.shape[0]
    bert.resize_token_embeddings(len(tokenizer), mean_resizing=False)
    weight = bert.get_input_embeddings().weight
    generator = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        scale = weight[:old].std(dim=0, keepdim=True)
        weight[old:] = weight[:old].mean(dim=0, keepdim=True) + scale * torch.randn(len(weight) - old, weight.shape[1], generator=generator)
    return added


def _cls_only_layer(layer, hidden: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
    """One BERT layer evaluated at position 0 only (keys and values still come from every token)."""
    sa = layer.attention.self
    batch, length, _ = hidden.shape
    heads, head_dim = sa.num_attention_heads, sa.attention_head_size

    def split_heads(x: torch.Tensor) -> torch.Tensor:
        return x.view(batch, -1, heads, head_dim).transpose(1, 2)

    query = split_heads(sa.query(hidden[:, :1]))
    key, value = split_heads(sa.key(hidden)), split_heads(sa.value(hidden))
    scores = query @ key.transpose(-1, -2) / math.sqrt(head_dim)
    scores = scores.masked_fill(~mask.bool()[:, None, None, :], torch.finfo(scores.dtype).min)
    context = (sa.dropout(scores.softmax(-1)) @ value).transpose(1, 2).reshape(batch, 1, heads * head_dim)
    attended = layer.attention.output(context, hidden[:, :1])
    return layer.output(layer.intermediate(attended), attended)[:, 0]


# -- text -> token ids --------------------------------------------------------------------------
def side_a_text(character: str, statement: str) -> str:
    """Statements name their character already; a name prefix only gave the model a spurious cue."""
    return statement


def side_b_text(query: str, response: str | None = None) -> str:
    return query if response is None else f"{query} [SEP] {response}"


def tokenize_side(tokenizer, texts: list[str], max_tokens: int, with_cls: bool) -> list[list[int]]:
    """Token ids per text; side A starts with [CLS], both end with [SEP], long texts are cut."""
    encoded = tokenizer(texts, add_special_tokens=False, truncation=True, max_length=max_tokens - 2)["input_ids"]
    head = [tokenizer.cls_token_id] if with_cls else []
    return [head + ids + [tokenizer.sep_token_id] for ids in encoded]


def pad(batch: list[list[int]], pad_id: int = 0) -> tuple[torch.Tensor, torch.Tensor]:
    width = max(len(x) for x in batch)
    ids = torch.full((len(batch), width), pad_id, dtype=torch.long)
    mask = torch.zeros((len(batch), width), dtype=torch.long)
    for row, seq in enumerate(batch):
        ids[row, : len(seq)] = torch.tensor(seq, dtype=torch.long)
        mask[row, : len(seq)] = 1
    return ids, mask


def pad_states(states: list[torch.Tensor]) -> tuple[torch.Tensor, torch.Tensor]:
    """Stack cached [T, H] side states into [B, Tmax, H] plus their mask."""
    width = max(s.shape[0] for s in states)
    out = states[0].new_zeros((len(states), width, states[0].shape[1]))
    mask = torch.zeros((len(states), width), dtype=torch.long, device=states[0].device)
    for row, s in enumerate(states):
        out[row, : s.shape[0]] = s
        mask[row, : s.shape[0]] = 1
    return out, mask
