"""The Hugging Face Hub: a character's adapter (with its card) and its preference pairs, pushed as two repos.

`stage` writes exactly the two folders a push uploads: `model/` (the adapter, its model card naming the pairs
dataset, the SillyTavern card) and `dataset/` (the pairs in TRL's format with a dataset card). A dry run stops
there, so what would leave the machine can be read first; a push uploads those folders through
huggingface_hub. The token comes from the caller (the environment, or the page's password box) and is only ever
passed to huggingface_hub: never written, logged or put in a message.
"""
from __future__ import annotations

import re
import shutil
from pathlib import Path

from core.errors import UserError
from core.fsio import atomic_write_text

_REPO = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,95}/[A-Za-z0-9][A-Za-z0-9._-]{0,95}$")


def check_repo(repo: str) -> str:
    repo = (repo or "").strip()
    if not _REPO.match(repo) or ".." in repo or repo.endswith((".git", ".")):
        raise UserError(f"{repo[:100]!r} is not a hub repo id: write it as user-or-org/name (letters, digits, . _ -).")
    return repo


def dataset_repo(repo: str) -> str:
    return f"{repo}-pairs"


def stage(adapter: Path, pairs_folder: Path, card_png: Path, repo: str, out: Path) -> dict[str, Path]:
    """The model and dataset folders of a push, written under `out` (emptied first): what a dry run shows."""
    repo = check_repo(repo)
    if out.exists():
        shutil.rmtree(out)
    model, dataset = out / "model", out / "dataset"
    shutil.copytree(adapter, model)
    shutil.copyfile(card_png, model / card_png.name)
    readme = adapter.parent / "README.md"
    card = readme.read_text(encoding="utf-8") if readme.exists() else "---\nlibrary_name: peft\n---\n"
    # the model card's metadata names the dataset it was trained on, as the hub links them
    card = card.replace("library_name: peft\n", f"library_name: peft\ndatasets:\n- {dataset_repo(repo)}\n", 1)
    atomic_write_text(model / "README.md", card + f"\nThe character's SillyTavern card: `{card_png.name}`.\n")
    shutil.copytree(pairs_folder, dataset)
    return {"model": model, "dataset": dataset}


def push(folders: dict[str, Path], repo: str, token: str, private: bool = True) -> dict[str, str]:
    """Upload the staged folders: the model repo `repo`, the dataset repo `repo`-pairs. Returns their URLs."""
    from huggingface_hub import HfApi
    from huggingface_hub.errors import HfHubHTTPError, OfflineModeIsEnabled

    if not token:
        raise UserError("Pushing needs a Hugging Face token with write access: set HF_TOKEN, or paste one in the box "
                        "(it is used for this push only and never saved).")
    api = HfApi(token=token)
    urls = {}
    try:
        for kind, repo_id, repo_type in (("model", repo, "model"), ("dataset", dataset_repo(repo), "dataset")):
            api.create_repo(repo_id, repo_type=repo_type, private=private, exist_ok=True)
            api.upload_folder(folder_path=str(folders[kind]), repo_id=repo_id, repo_type=repo_type,
                              commit_message="Upload from APC Studio")
            urls[kind] = f"https://huggingface.co/{'datasets/' if repo_type == 'dataset' else ''}{repo_id}"
    except OfflineModeIsEnabled as exc:
        raise UserError("The hub cannot be reached: offline mode is on (HF_HUB_OFFLINE). Use the dry run to see what "
                        "would be pushed.") from exc
    except HfHubHTTPError as exc:
        status = getattr(exc.response, "status_code", None)
        reason = {401: "the token was refused", 403: "the token may not write to this repo"}.get(status, f"HTTP {status}")
        raise UserError(f"The hub refused the push to {repo}: {reason}.") from None
    except OSError as exc:
        raise UserError(f"The hub cannot be reached ({type(exc).__name__}). Check the network, or use the dry run.") from None
    return urls
