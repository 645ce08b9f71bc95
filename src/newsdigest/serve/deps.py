"""What the routes depend on: the store and the models, one place to swap them (tests use
``app.dependency_overrides`` or pass their own to ``create_app``).

The encoder and the NER pipeline are loaded lazily, once per process, behind a lock: the first
request that needs them pays the load, every later one (on any thread) shares them.
"""

from __future__ import annotations

import threading
from typing import Any, Callable

from fastapi import Request

from newsdigest.stories.store import Store


class Models:
    """The bundled encoder and (unless ``analysis`` is off) the NER pipeline, loaded on first use.

    ``encoder``/``nlp`` may be given ready-made (tests pass their session fixtures)."""

    def __init__(self, model: str | None = None, ner_model: str | None = None, analysis: bool = True,
                 encoder: Any = None, nlp: Any = None):
        self.model = model
        self.ner_model = ner_model
        self.analysis = analysis
        self._encoder = encoder
        self._nlp = nlp
        self._lock = threading.Lock()

    def encoder(self) -> Any:
        if self._encoder is None:
            with self._lock:
                if self._encoder is None:
                    from newsdigest.text.embed import load_encoder

                    self._encoder = load_encoder(self.model)
        return self._encoder

    def nlp(self) -> Any:
        if not self.analysis:
            return None
        if self._nlp is None:
            with self._lock:
                if self._nlp is None:
                    from newsdigest.analysis.ner import load_ner

                    self._nlp = load_ner(self.ner_model)
        return self._nlp


class KeyedLocks:
    """One lock per key (a story id), so two readers of a stale story summarize it once."""

    def __init__(self) -> None:
        self._guard = threading.Lock()
        self._locks: dict[str, threading.Lock] = {}

    def get(self, key: str) -> threading.Lock:
        with self._guard:
            lock = self._locks.get(key)
            if lock is None:
                if len(self._locks) > 10000:  # bounded: drop the idle ones
                    self._locks = {k: v for k, v in self._locks.items() if v.locked()}
                lock = self._locks[key] = threading.Lock()
            return lock


async def get_store(request: Request) -> Store:
    return request.app.state.store


async def get_models(request: Request) -> Models:
    return request.app.state.models


# Async so that FastAPI calls them on the event loop: a plain function dependency would cost a
# hop to the thread pool on every request.
async def get_service(request: Request) -> "Any":
    return request.app.state.service


# A background job (``serve --watch`` starts the watcher this way): called once in its own daemon
# thread with the store and an Event that is set when the server shuts down; it should return
# soon after the Event is set.
BackgroundJob = Callable[[Store, threading.Event], None]
