"""The Engine's models: discriminators (scorers), the generator, the offline builds, persona injection."""
from __future__ import annotations

from pathlib import Path

from core.discriminators import DiscriminatorConfig, DiscriminatorError
from core.engine.types import Backend, TeacherSettings, for_character, teacher_config


class ModelsMixin:
    # -- models ------------------------------------------------------------------------------------
    def scorer(self, backend: Backend | None = None, teacher: TeacherSettings | None = None):
        """An APC scorer for the chosen discriminators, loaded once per backend and kept."""
        from core.apc import APCScorer
        from core.discriminators import load_discriminator

        backend = backend or Backend(self.config.discriminators.backend)
        if backend.name == "llm":  # the judge is the session's teacher, so it is never shared between sessions
            from core.teacher import TeacherClient

            return APCScorer(load_discriminator(DiscriminatorConfig(backend="llm"), teacher=TeacherClient(teacher_config(teacher))))
        if backend.name == "distilled":
            backend = self._distilled_backend(backend)
        key = (backend.name, backend.relevance_model, backend.nli_model)
        with self._loading:
            if key not in self._scorers:
                base = self.config.discriminators
                config = DiscriminatorConfig(**{**base.__dict__, "backend": backend.name,
                                                "relevance_model": backend.relevance_model or base.relevance_model,
                                                "nli_model": backend.nli_model or base.nli_model})
                if config.backend == "embedded":
                    self._require_embedded_models(config)
                self._scorers[key] = APCScorer(load_discriminator(config))
            return self._scorers[key]

    def _judge(self, name: str, user: str | None):
        """The scorer of the engine's configured backend for one character (a distilled judge is that character's)."""
        return self.scorer(for_character(Backend(self.config.discriminators.backend), name, user))

    def models_status(self) -> dict:
        """The embedded discriminators' build, for the page's banner: {state: ready | building | failed | missing,
        percent, eta, text ("NLI 45 %, about 6 min left"), error, ...} (core.modelbuild.build_status)."""
        from core.modelbuild import build_status

        return build_status()

    def _build_models_in_background(self) -> None:
        from core.modelbuild import ensure_built_in_background

        ensure_built_in_background()

    def _require_embedded_models(self, config: DiscriminatorConfig) -> None:
        """Raise DiscriminatorError saying how far the build is while an embedded model it needs is missing
        (with `build_models_now`, build it first)."""
        from core.modelbuild import build_status, ensure_built, ensure_built_in_background, not_ready_message

        overrides = {"relevance": config.relevance_model, "nli": config.nli_model}
        needed = {kind for kind, override in overrides.items() if not override}
        status = build_status()
        if not needed & set(status["missing"]):
            return
        if self.config.build_models_now:
            ensure_built()
            return
        if status["state"] == "missing" and self.config.build_models_in_background:
            status = ensure_built_in_background()  # the models went missing after the app started
        raise DiscriminatorError(not_ready_message(status))

    def _distilled_backend(self, backend: Backend) -> Backend:
        """A character's distilled judge as two model paths; a judge distilled again since it was loaded is
        dropped from the loaded scorers, so the next score uses the new one."""
        from core.distill import distilled_dirs

        if not backend.character:
            raise DiscriminatorError("The distilled judge is one character's own: open or name the character first.")
        store = self.store(backend.character, backend.user)
        relevance, nli = distilled_dirs(store)
        resolved = Backend("distilled", str(relevance), str(nli))
        key = (resolved.name, resolved.relevance_model, resolved.nli_model)
        stat = store.paths.distilled_report.stat()
        version = (stat.st_ino, stat.st_mtime_ns)
        with self._loading:
            if self._distilled_versions.get(key) != version:
                self._scorers.pop(key, None)
                self._distilled_versions[key] = version
        return resolved

    def generator(self):
        from core.generation import GeneratorConfig, load_generator

        with self._loading:
            if self._generator is None:
                c = self.config
                self._generator = load_generator(GeneratorConfig(model=c.generator, backend=c.generator_backend, device=c.device,
                                                                 load_in_4bit=c.load_in_4bit,
                                                                 trust_remote_code=c.trust_remote_code,
                                                                 concurrency=c.generator_concurrency))
            return self._generator

    def persona(self, mode: str = "rag", location: str = "", status: str = ""):
        """How statements reach the generator (core.persona): the mode a page or a flag picks, the engine's top-k,
        and in meta mode the scene's location and status."""
        from core.persona import PersonaConfig

        return PersonaConfig(mode=mode, top_k=self.config.top_k, location=location.strip(), status=status.strip())

    def persona_modes(self) -> list[tuple[str, str]]:
        """[(label, mode)] for a picker: one wording wherever a person chooses how statements reach the model."""
        from core.persona import MODE_LABELS

        return [(label, mode) for mode, label in MODE_LABELS.items()]

    # -- offline models --------------------------------------------------------------------------
    def build_models(self, kinds: tuple[str, ...] | None = None, force: bool = False, progress_file: Path | None = None) -> dict:
        """Build the embedded discriminators (under the build lock): {kind: {path, metrics}}."""
        from core import judgebuild
        from core.modelbuild import build_metrics, build_models

        paths = build_models(kinds or judgebuild.KINDS, force=force, progress_file=progress_file)
        return {kind: {"path": str(path), "metrics": build_metrics(path)} for kind, path in paths.items()}

    def built_models(self) -> list[dict]:
        """Every embedded discriminator build on disk: [{path, current, metrics}], the ones in use marked current."""
        from core.modelbuild import builds

        return builds()

    def models_in_use(self) -> dict:
        """Which discriminators score with this engine's settings, and on which device."""
        from core import judgebuild
        from core.device import pick_device
        from core.discriminators import HUB_MODELS

        config = self.config.discriminators
        info: dict = {"backend": config.backend}
        if config.backend == "embedded":
            info.update({k: {"path": str(judgebuild.model_dir(k)), "built": judgebuild.is_built(k)} for k in judgebuild.KINDS})
        elif config.backend.startswith("hub"):
            info.update(relevance=config.relevance_model or HUB_MODELS[config.backend][0],
                        nli=config.nli_model or HUB_MODELS[config.backend][1])
        else:
            info.update(relevance=config.relevance_model, nli=config.nli_model)
        info["device"] = pick_device(config.device)
        return info
