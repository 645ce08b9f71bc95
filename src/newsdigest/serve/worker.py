"""Where the server's heavy work runs: digests made on read and articles added through the API.

``newsdigest serve`` runs it in one separate worker process at a lower CPU priority
(``ProcessWorker``): the process answering readers then never shares its interpreter lock with
spaCy and the encoder, and never loads them, so a page read is not held up by a summary being
made, and the operating system gives readers the CPU first. An app built with ready-made models
(tests, an app embedded in another program) or over an in-memory store does the work in its own
threads instead (``InProcessWorker``). Both have the same two methods.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import threading
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from newsdigest.serve.deps import Models
from newsdigest.stories.store import Store

log = logging.getLogger("newsdigest.serve")

# How much lower the worker's CPU priority is than the server's (``nice`` steps, 0-19).
WORKER_NICE = 10


class WorkerError(RuntimeError):
    """The worker process died (killed, out of memory); the next call starts a new one."""


class InProcessWorker:
    def __init__(self, store: Store, models: Models, words: int):
        self.store, self.models, self.words = store, models, words

    def summarize(self, story_id: str) -> None:
        from newsdigest.stories.update import summarize_stored

        summarize_stored(self.store, story_id, self.models.encoder(), nlp=self.models.nlp(), words=self.words)

    def add(self, records: list[dict[str, Any]], summarize: bool) -> dict[str, Any]:
        from newsdigest.stories.update import add_paths

        report = add_paths(self.store, records=records, encoder=self.models.encoder(),
                           nlp=self.models.nlp() if summarize else None, words=self.words, summarize=summarize)
        return report.to_dict()

    def close(self) -> None:
        pass


class ProcessWorker:
    """One worker process (started on first use, by ``spawn``: nothing of the server's threads or
    open connections is inherited), with its own connection to the store and its own models."""

    def __init__(self, store_url: str, models: Models, words: int, nice: int = WORKER_NICE):
        self._initargs = (store_url, models.model, models.ner_model, models.analysis, words, nice)
        self._lock = threading.Lock()
        self._pool: ProcessPoolExecutor | None = None

    def _executor(self) -> ProcessPoolExecutor:
        with self._lock:
            if self._pool is None:
                self._pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"),
                                                 initializer=_init, initargs=self._initargs)
            return self._pool

    def _call(self, fn, *args) -> Any:
        pool = self._executor()
        try:
            return pool.submit(fn, *args).result()
        except BrokenProcessPool:
            with self._lock:
                if self._pool is pool:
                    self._pool = None
            raise WorkerError("the summarizing worker process stopped; it is started again on the next request") from None

    def summarize(self, story_id: str) -> None:
        self._call(_summarize, story_id)

    def add(self, records: list[dict[str, Any]], summarize: bool) -> dict[str, Any]:
        return self._call(_add, records, summarize)

    def close(self) -> None:
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)


# -- in the worker process ---------------------------------------------------------------------

_STATE: dict[str, Any] = {}


def _init(store_url: str, model, ner_model, analysis: bool, words: int, nice: int) -> None:
    if nice:
        try:
            os.nice(nice)
        except OSError:  # not allowed here: run at the server's priority
            log.warning("could not lower the worker's CPU priority")
    _STATE["worker"] = InProcessWorker(Store(store_url), Models(model, ner_model, analysis=analysis), words)


def _summarize(story_id: str) -> None:
    _STATE["worker"].summarize(story_id)


def _add(records: list[dict[str, Any]], summarize: bool) -> dict[str, Any]:
    return _STATE["worker"].add(records, summarize)
