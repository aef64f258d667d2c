"""The Engine for tab 5: preference pairs, DPO and SFT runs (started, followed, stopped, resumed) and their ΔAPC."""
from __future__ import annotations

from pathlib import Path

from core.paths import Workspace
from core.engine.types import Progress


class TrainingMixin:
    # -- tab 5: pairs and training -----------------------------------------------------------------
    def mine_pairs(self, name: str, n_samples: int = 4, threshold: float = 0.2, max_pairs: int = 100, mode: str = "rag",
                   user: str | None = None, progress: Progress = None) -> dict:
        from core.pairs import MiningConfig, mine_pairs

        config = MiningConfig(n_samples=n_samples, threshold=threshold, max_pairs=max_pairs, persona=self.persona(mode))
        store = self.store(name, user)
        with self._models:
            report = mine_pairs(store, self.generator(), self._judge(name, user), config, progress)
        return {**report.__dict__, "path": str(store.paths.pairs)}

    def pairs(self, name: str, user: str | None = None) -> list[dict]:
        from core.fsio import read_jsonl

        return read_jsonl(self.store(name, user).paths.pairs).records

    def set_pairs_accepted(self, name: str, accepted: dict[str, bool], user: str | None = None) -> dict:
        """Accept or reject pairs by id; only accepted pairs go into training."""
        from core.workbench import set_pairs_accepted

        return set_pairs_accepted(self.store(name, user), accepted)

    @staticmethod
    def training_preset_names() -> tuple[str, ...]:
        from core.trainconfig import PRESETS

        return tuple(PRESETS)

    @staticmethod
    def log_file(workspace: str | None = None) -> Path:
        """The file the command line writes internal errors to, with their tracebacks."""
        return Workspace(workspace).log_file

    @staticmethod
    def training_presets() -> dict[str, dict]:
        """{name: every training setting under that preset}: the preset's own values over the config's defaults."""
        from core.trainconfig import PRESETS, defaults

        return {name: {**defaults(), **values} for name, values in PRESETS.items()}

    @staticmethod
    def run_states() -> dict[str, tuple[str, ...]]:
        """{"active": ..., "final": ...}: the states in which a run is still going, and those it ends in."""
        from core.runfiles import ACTIVE_STATES, FINAL_STATES

        return {"active": ACTIVE_STATES, "final": FINAL_STATES}

    def start_training(self, name: str, preset: str | None = "cpu-quick", overrides: dict | None = None,
                       user: str | None = None, method: str | None = None, from_run: str | None = None) -> dict:
        """Launch DPO on the accepted pairs or (`method` "sft") SFT on the experiences (`preset` None: the defaults;
        `method` None: the preset's); `from_run` starts from that run's adapter (SFT then DPO). Raises
        TrainingBusyError naming the running job's owner. The generator is the base model, and the engine's 4-bit
        setting turns QLoRA on."""
        from core.jobs import start_training

        store = self.store(name, user)
        overrides = dict(overrides or {})
        if self.config.load_in_4bit:
            overrides["load_in_4bit"] = True  # only ever turns it on: `paper` is 4-bit already
        if self.config.trust_remote_code:
            overrides["trust_remote_code"] = True
        return start_training(store, self.config.generator, preset, overrides,
                              owner=f"{user or 'local user'} / {store.name}", lock_file=self.train_lock,
                              method=method, from_run=from_run)

    def wait_for_run(self, name: str, run: str, user: str | None = None) -> dict:
        """Block until a run ends (the command line's `train`): {run, character, status, metrics}."""
        from core.jobs import wait

        return wait(self.store(name, user), run)

    def training_state(self, name: str | None = None, run: str | None = None, user: str | None = None) -> dict | None:
        """The run to show: `run` of `name`, else the active (or newest) run of `name`, else any active run
        of this user. {run, character, status, metrics}, or None when there is nothing to show."""
        from core.jobs import training_state

        return training_state(self.workspace(user), name, run)

    def stop_training(self, name: str, run: str, user: str | None = None) -> dict:
        from core.jobs import stop

        return stop(self.store(name, user), run)

    def resume_training(self, name: str, run: str, user: str | None = None) -> dict:
        from core.jobs import resume

        return resume(self.store(name, user), run, lock_file=self.train_lock)

    def runs(self, name: str, user: str | None = None) -> list[dict]:
        """Runs of a character, newest first, each with its status and ΔAPC evaluation when there is one."""
        from core.jobs import runs_with_evaluation

        return runs_with_evaluation(self.store(name, user))

    def evaluate_run(self, name: str, run: str, max_queries: int = 20, mode: str = "rag",
                     user: str | None = None, progress: Progress = None) -> dict:
        from core.jobs import evaluate

        with self._models:
            return evaluate(self.store(name, user), run, self.generator(), self._judge(name, user), max_queries, self.persona(mode),
                            progress)
