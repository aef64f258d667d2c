"""The embedded generator as an OpenVINO model: the packaged GGUF's graph, with its Q4_1 weights kept exact.

OpenVINO GenAI builds a model from a GGUF file itself (the graph, the KV cache, the tokenizer), but it stores each
Q4_1 block's minimum as a 4-bit integer zero point: -min/scale rounded and wrapped into 0..15, which moves every
weight by up to half a quantization step and more (its next-token logits correlate 0.84-0.91 with the file's own
values). So the model it builds is saved once, and each weight's zero point is replaced by its exact value,
-min/scale in fp16, read from the GGUF's blocks: the logits then match transformers on the safetensors copy that
training uses (core.smollm) to 0.9999, and greedy replies agree until two tokens are near-tied. Each weight's matrix product is
also named as in transformers ("model.layers.3.self_attn.q_proj"), since that is how OpenVINO GenAI finds where a
PEFT LoRA adapter applies; the GGUF builder leaves them unnamed.

The result lives in the models folder under a key of its inputs, built in a temporary folder and renamed into place,
under a lock, so a killed build leaves nothing a later run would load.
"""
from __future__ import annotations

import hashlib
import importlib.metadata
import json
import re
import shutil
import tempfile
from pathlib import Path
from typing import Any

from core.errors import UserError
from core.paths import openvino_model_dir
from core.smollm import embedded_gguf

CONVERTER_VERSION = 1  # bumped when what is written changes, so older conversions are made again
MODEL_XML = "openvino_model.xml"
TOKENIZER_FILES = ("openvino_tokenizer.xml", "openvino_tokenizer.bin", "openvino_detokenizer.xml",
                   "openvino_detokenizer.bin")
# A llama block's weight products in the order the GGUF builder creates them, with their names on both sides.
BLOCK = (("self_attn.q_proj", "attn_q"), ("self_attn.k_proj", "attn_k"), ("self_attn.v_proj", "attn_v"),
         ("self_attn.o_proj", "attn_output"), ("mlp.gate_proj", "ffn_gate"), ("mlp.up_proj", "ffn_up"),
         ("mlp.down_proj", "ffn_down"))
Q4_1_BLOCK_BYTES = 20  # fp16 scale, fp16 minimum, 32 four-bit values


def embedded_model_dir() -> Path:
    """The converted embedded model's folder (openvino_model.xml and the tokenizer), built on first use."""
    from filelock import FileLock

    gguf = embedded_gguf()
    target = openvino_model_dir(_key(gguf))
    if (target / MODEL_XML).is_file():  # only a finished folder is ever renamed to this name
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    with FileLock(str(target) + ".lock"):
        if not (target / MODEL_XML).is_file():
            with tempfile.TemporaryDirectory(dir=target.parent, prefix=".converting-") as tmp:
                _convert(gguf, Path(tmp))
                (Path(tmp) / "out").rename(target)
    return target


def _key(gguf: Path) -> str:
    """What the conversion depends on: the GGUF (name and size: the packaged file is versioned with its package),
    the OpenVINO GenAI version whose builder made the graph, and this converter."""
    inputs = {"gguf": gguf.name, "bytes": gguf.stat().st_size, "converter": CONVERTER_VERSION,
              "openvino_genai": importlib.metadata.version("openvino-genai")}
    return hashlib.sha256(json.dumps(inputs, sort_keys=True).encode()).hexdigest()[:16]


def _convert(gguf: Path, work: Path) -> None:
    import openvino as ov
    import openvino_genai

    built = work / "built"
    built.mkdir()
    (built / gguf.name).symlink_to(gguf)  # the builder saves its model next to the GGUF it reads
    openvino_genai.LLMPipeline(str(built / gguf.name), "CPU", enable_save_ov_model=True)
    model = ov.Core().read_model(str(built / MODEL_XML))
    _exact_weights(model, gguf)
    out = work / "out"
    out.mkdir()
    ov.save_model(model, str(out / MODEL_XML), compress_to_fp16=False)
    for name in TOKENIZER_FILES:
        shutil.copy2(built / name, out / name)


def _weight_products(model: Any) -> list[Any]:
    """The MatMuls whose second input is a weight (only constants behind it), in the order they were created."""
    def constant(output: Any) -> bool:
        stack = [output.get_node()]
        while stack:
            node = stack.pop()
            if node.get_type_name() in ("Parameter", "ReadValue"):
                return False
            stack += [i.get_source_output().get_node() for i in node.inputs()]
        return True

    products = [n for n in model.get_ops() if n.get_type_name() == "MatMul" and constant(n.input(1).get_source_output())]
    return sorted(products, key=lambda n: int(re.search(r"_(\d+)$", n.get_friendly_name()).group(1)))


def _exact_weights(model: Any, gguf: Path) -> None:
    """Name every block's weight products as transformers does and give each Q4_1 weight its exact zero point."""
    import gguf as gguf_lib
    import numpy as np
    from openvino import opset13

    reader = gguf_lib.GGUFReader(str(gguf))
    tensors = {t.name: t for t in reader.tensors}
    heads = {"attn_q": _field(reader, "llama.attention.head_count"),
             "attn_k": _field(reader, "llama.attention.head_count_kv")}
    products = _weight_products(model)
    layers = _field(reader, "llama.block_count")
    if len(products) != layers * len(BLOCK) + 1:  # + the output head
        raise UserError(f"OpenVINO GenAI built {len(products)} weight products from {gguf.name}, not the "
                        f"{layers * len(BLOCK) + 1} of a {layers}-block llama: this converter does not know its graph.")
    for index, product in enumerate(products[:-1]):
        layer, (hf_name, gguf_name) = index // len(BLOCK), BLOCK[index % len(BLOCK)]
        product.set_friendly_name(f"model.layers.{layer}.{hf_name}")
        tensor = tensors[f"blk.{layer}.{gguf_name}.weight"]
        if tensor.tensor_type.name != "Q4_1":
            continue  # other types are stored exactly by the builder (Q8_0: zero point 128)
        blocks = np.asarray(tensor.data).reshape(tensor.data.shape[0], -1, Q4_1_BLOCK_BYTES)
        scale = blocks[..., 0:2].copy().view(np.float16)[..., 0]
        minimum = blocks[..., 2:4].copy().view(np.float16)[..., 0]
        if gguf_name in heads:  # llama.cpp interleaves q and k rows for its rotary layout; the builder undoes it
            scale, minimum = _unpermute(scale, heads[gguf_name]), _unpermute(minimum, heads[gguf_name])
        subtract, built_scale = _dequantization(product)
        if not np.array_equal(built_scale[..., 0], scale):
            raise UserError(f"The weight of model.layers.{layer}.{hf_name} in the OpenVINO model does not line up with "
                            f"{gguf.name}'s blocks: this converter does not know this OpenVINO GenAI's graph.")
        zero_point = -minimum.astype(np.float32) / scale.astype(np.float32)
        subtract.input(1).replace_source_output(opset13.constant(zero_point[..., None].astype(np.float16)).output(0))
    products[-1].set_friendly_name("lm_head")


def _dequantization(product: Any) -> tuple[Any, Any]:
    """The Subtract (weight - zero point) and the scales of a weight built as Convert(Reshape((w - z) * s))."""
    chain = [product.input(1).get_source_output().get_node()]
    for _ in range(3):
        chain.append(chain[-1].input(0).get_source_output().get_node())
    kinds = [node.get_type_name() for node in chain]
    if kinds != ["Convert", "Reshape", "Multiply", "Subtract"]:
        raise UserError(f"An OpenVINO weight is built as {' <- '.join(kinds)}, not the Q4_1 dequantization this "
                        "converter knows.")
    multiply, subtract = chain[2], chain[3]
    return subtract, multiply.input(1).get_source_output().get_node().get_data()


def _unpermute(rows: Any, heads: int) -> Any:
    """convert_hf_to_gguf's q/k row permutation, undone: per head, the two rotary halves interleaved back apart."""
    return rows.reshape(heads, rows.shape[0] // heads // 2, 2, *rows.shape[1:]).swapaxes(1, 2).reshape(rows.shape)


def _field(reader: Any, key: str) -> int:
    field = reader.fields[key]
    return int(field.parts[field.data[0]][0])
