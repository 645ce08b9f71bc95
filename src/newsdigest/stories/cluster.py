"""Online story clustering of a news stream.

Each article (a dict with ``title``, ``text``, optional ``date`` "YYYY-MM-DD...", optional ``id``)
is assigned, in publication order, to an existing *active* story or starts a new one.

Signals, combined by a logistic model whose weights were fitted on a labelled dev stream:
  * TF-IDF cosine (title counted twice + lead) against the story centroid and its closest member,
    with document frequencies accumulated online (never fitted on the future);
  * named-entity-like tokens (mid-sentence capitalised words, acronyms), IDF weighted, plus an
    "entity conflict" flag (both name >= 2 entities, none shared) so two fires in two cities stay apart;
  * static-embedding cosine (model2vec) against the story centroid and its closest member;
  * recency (articles since the story was last updated; date gap when both are dated).
Exact or near-duplicate wire copies (MinHash LSH over word 4-shingles) join their original's story.

Only recent stories are candidates: a story stays active while it was updated within
``window`` articles or, for dated stories, within ``date_window_days`` of the newest date seen,
so memory for stories is bounded on an unbounded stream. Needs numpy + model2vec + stdlib.
"""
from __future__ import annotations

import math
import threading
import re
import zlib
from dataclasses import dataclass, field
from datetime import date as _date
from typing import Any, Callable, Iterable, Sequence

import numpy as np

from newsdigest.model import Article

_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_CAP = re.compile(r"(?<![.!?]\s)(?<!^)\b([A-Z][a-zA-Z]+|[A-Z]{2,})\b")
_STOP = frozenset(
    "a an the and or but if of to in on at by for with from as is are was were be been being has have had "
    "do does did it its this that these those he she they we you i his her their our your them him us "
    "not no so than then there here what which who whom whose when where why how all any both each few "
    "more most other some such only own same too very can will would should could may might must shall "
    "said says say also after before over under about into out up down off again new one two just "
    "mr mrs ms monday tuesday wednesday thursday friday saturday sunday s t".split()
)
# Fitted on the first half of the dev stream (`newsdigest.eval.stories.fit_weights`, README "Stories"):
# bias, centroid cos, max member cos, entity cos, both-have-entities, embedding cos, log gap, log day gap,
# both dated, max member embedding cos, entity conflict (both name >= 2 entities, none shared)
NF = 11
DEFAULT_WEIGHTS: tuple[float, ...] = (
    -4.82, 17.02, 9.23, 0.35, -0.68, 11.77, -0.72, 0.52, 2.4, -7.22, -1.03)

SparseVec = dict[str, float]


def _tokens(text: str) -> list[str]:
    return [w for w in _WORD.findall(text.lower()) if w not in _STOP and len(w) > 1]


def _entities(text: str) -> list[str]:
    return [m.lower() for m in _CAP.findall(text) if m.lower() not in _STOP]


def _dot(a: SparseVec, b: SparseVec) -> float:
    return sum([a[t] * b[t] for t in a.keys() & b.keys()])


def _lookup(post: dict[str, dict[int, float]], query: Iterable[tuple[str, float]]) -> dict[int, float]:
    """Dot products of a sparse query with every story in an inverted index {term: {slot: w}}."""
    acc: dict[int, float] = {}
    for t, w in query:
        for s, cw in post.get(t, {}).items():
            acc[s] = acc.get(s, 0.0) + w * cw
    return acc


def _day(value: Any) -> int | None:
    try:
        return _date.fromisoformat(str(value)[:10]).toordinal() if value else None
    except ValueError:
        return None


class CachedStaticEmbedder:
    """model2vec static embeddings (mean of token vectors, L2-normalised) with a per-word cache of
    WordPiece ids: the tokenizer only sees words it has not seen before (about 3x faster than
    ``StaticModel.encode`` on a warm cache). Vectors match ``encode`` up to pre-tokenization details
    (cosine >= 0.9999 for 99% of dev articles with ``max_tokens=512``)."""

    _PRE = re.compile(r"\w+|[^\w\s]")

    def __init__(self, path: str, max_tokens: int = 64, cache_size: int = 500_000) -> None:
        from model2vec import StaticModel

        self.model = StaticModel.from_pretrained(path)
        self.table = np.asarray(self.model.embedding, dtype=np.float32)
        self.max_tokens, self.cache_size = max_tokens, cache_size
        self.cache: dict[str, list[int]] = {}

    def __call__(self, texts: list[str]) -> np.ndarray:
        words = [self._PRE.findall(t) for t in texts]
        new = list({w for ws in words for w in ws if w not in self.cache})
        if new:
            if len(self.cache) + len(new) > self.cache_size:
                self.cache.clear()
            for w, ids in zip(new, self.model.tokenize(new)):
                self.cache[w] = ids
        out = np.zeros((len(texts), self.table.shape[1]), np.float32)
        for i, ws in enumerate(words):
            ids = [j for w in ws for j in self.cache[w]][: self.max_tokens]
            if ids:
                out[i] = self.table[ids].mean(0)
        return out / np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-12)


@dataclass
class _Story:
    sid: int
    slot: int
    centroid: SparseVec = field(default_factory=dict)  # sum of member TF-IDF vectors
    sq: float = 0.0  # squared norm of centroid
    ents: SparseVec = field(default_factory=dict)
    ent_sq: float = 0.0
    members: list[SparseVec] = field(default_factory=list)  # most recent members
    member_embs: list[np.ndarray] = field(default_factory=list)
    size: int = 0
    lsh_keys: list[tuple[int, bytes]] = field(default_factory=list)


class StoryClusterer:
    """Single-pass online story clusterer; feed articles in publication order via :meth:`add`."""

    def __init__(
        self,
        embed: Callable[[list[str]], np.ndarray] | str | None = None,
        threshold: float = 0.3,
        window: int = 30,
        date_window_days: int = 14,
        weights: Sequence[float] = DEFAULT_WEIGHTS,
        lead_words: int = 60,
        max_tokens: int = 64,
        max_terms: int = 20,
        top_k: int = 3,
        dup_threshold: float = 0.8,
        num_perm: int = 32,
        bands: int = 8,
        max_members: int = 6,
        max_active: int = 20000,
    ) -> None:
        """
        embed: function texts -> (n, d) L2-normalised array, a model2vec folder (loaded as a
            :class:`CachedStaticEmbedder`), or None (no embedding signal; the default weights were
            fitted with embeddings, so without them the clusterer joins less).
        threshold: minimum join probability of the best candidate story.
        window / date_window_days: a story stays active (a candidate, kept in memory) while it was
            updated within ``window`` articles, or, if dated, within this many days of the newest
            date seen. The defaults were tuned on the dev stream; set ``window`` to your stream's
            articles-per-story-lifetime.
        weights: logistic weights over the features of :meth:`candidates`.
        lead_words / max_tokens: words of text used as lead; tokens embedded per article.
        max_terms: highest-weighted article terms used to look up candidate stories.
        top_k: candidates (>= 1) that get the full score (max-member similarities).
        dup_threshold / num_perm / bands: MinHash Jaccard above which a copy joins its original's
            story, signature size, LSH bands.
        max_members: recent members kept per story; max_active: hard cap on active stories.
        """
        if isinstance(embed, str):
            embed = CachedStaticEmbedder(embed, max_tokens)
        self.embed = embed
        self.threshold, self.window, self.date_window = threshold, window, date_window_days
        self.w = [float(x) for x in weights]
        self.lead_words, self.top_k, self.max_members = lead_words, max(1, top_k), max_members
        self.max_terms = max_terms
        self.dup_threshold, self.bands, self.max_active = dup_threshold, bands, max_active
        self.n_docs, self.idx, self.next_id = 0, 0, 0
        self.max_day: int | None = None
        # Set to keep each forced article's candidate features in ``last_features`` (fitting).
        self.record_features = False
        self.df: dict[str, int] = {}
        self.stories: dict[int, _Story] = {}  # active stories by slot
        self._post: dict[str, dict[int, float]] = {}  # term -> {slot: centroid weight}
        self._epost: dict[str, dict[int, float]] = {}  # entity -> {slot: weight}
        self._lsh: dict[tuple[int, bytes], tuple[int, np.ndarray]] = {}  # band key -> (slot, signature)
        self._free: list[int] = []
        self._cap = 0
        self._E = np.zeros((0, 0), np.float32)  # per-slot embedding sums
        self._last = np.zeros(0)  # per-slot index of last update (-inf when free)
        self._lday = np.zeros(0)  # per-slot last date ordinal (nan when undated)
        self._hasent = np.zeros(0)  # per-slot min(#distinct entities, 2)
        rng = np.random.default_rng(12345)
        self._pa = rng.integers(1, (1 << 31) - 1, size=num_perm, dtype=np.uint64)
        self._pb = rng.integers(0, (1 << 31) - 1, size=num_perm, dtype=np.uint64)

    # ------------------------------------------------------------------ article encoding
    def _encode(self, terms: list[str], ent_terms: list[str]) -> tuple[SparseVec, SparseVec]:
        """Sublinear-tf TF-IDF (unit norm) and IDF-weighted entity bag; updates DF first."""
        tf: dict[str, float] = {}
        for t in terms:
            tf[t] = tf.get(t, 0.0) + 1.0
        self.n_docs += 1
        df, log, n1 = self.df, math.log, math.log(self.n_docs + 1) + 1.0
        for t in tf:
            df[t] = df.get(t, 0) + 1
        vec = {t: (1.0 + log(c)) * (n1 - log(df[t] + 1)) for t, c in tf.items()}
        norm = math.sqrt(sum([v * v for v in vec.values()])) or 1.0
        ents: SparseVec = {}
        for e in ent_terms:
            ents[e] = ents.get(e, 0.0) + n1 - log(df.get(e, 0) + 1)
        return {t: v / norm for t, v in vec.items()}, ents

    def _minhash(self, text: str) -> np.ndarray | None:
        """MinHash signature of the word 4-shingles of the first 100 words (None if too short)."""
        words = text.lower().split()[:100]
        if len(words) < 8:
            return None
        wh = np.fromiter(map(zlib.crc32, map(str.encode, words)), dtype=np.uint64, count=len(words))
        sh = wh[:-3] * np.uint64(1000003) ^ wh[1:-2] * np.uint64(7919) ^ wh[2:-1] * np.uint64(31) ^ wh[3:]
        return ((sh[None, :] * self._pa[:, None] + self._pb[:, None]) % np.uint64((1 << 31) - 1)).min(1)

    def prepare(self, articles: Sequence[dict]) -> list[tuple]:
        """State-independent inputs per article: terms, entity terms, embedding, day, MinHash."""
        leads = [" ".join((a.get("text") or "").split()[: self.lead_words]) for a in articles]
        titles = [a.get("title") or "" for a in articles]
        embs: Any = [None] * len(articles)
        if self.embed is not None and articles:
            embs = self.embed([f"{t}. {l}" for t, l in zip(titles, leads)])
        return [(_tokens(t) * 2 + _tokens(l), _entities(t) + _entities(l), embs[i], _day(a.get("date")),
                 self._minhash(a.get("text") or "")) for i, (a, t, l) in enumerate(zip(articles, titles, leads))]

    # ------------------------------------------------------------------ scoring
    def candidates(self, vec: SparseVec, ents: SparseVec, emb: np.ndarray | None,
                   day: int | None, k: int | None) -> tuple[list[int], np.ndarray]:
        """Active story slots and their feature rows (see ``DEFAULT_WEIGHTS`` for the columns).
        Only the ``k`` best by the partial score (all when ``k`` is None) get the max-member
        similarities; the others get -1 in column 2 and cannot be joined."""
        active = self._active_mask() & ~self._too_far(slice(None), day)
        slots = np.flatnonzero(active)
        if len(slots) == 0:
            return [], np.zeros((0, NF))
        query = sorted(vec.items(), key=lambda tw: -tw[1])[: self.max_terms] if self.max_terms else vec.items()
        cen, ent = np.zeros(self._cap), np.zeros(self._cap)
        for s, v in _lookup(self._post, query).items():
            cen[s] = v / math.sqrt(self.stories[s].sq)
        en = math.sqrt(sum(w * w for w in ents.values())) or 1.0
        for s, v in _lookup(self._epost, ents.items()).items():
            ent[s] = v / (math.sqrt(self.stories[s].ent_sq) * en)
        F = np.zeros((len(slots), NF))
        F[:, 0] = 1.0
        F[:, 2] = 0.0 if k is None else -1.0  # -1 marks "not scored in full"
        F[:, 1] = cen[slots]
        F[:, 3] = ent[slots]
        if ents:
            F[:, 4] = self._hasent[slots] > 0
            if len(ents) >= 2:
                F[:, 10] = (self._hasent[slots] > 1) & (F[:, 3] < 0.05)
        if emb is not None:
            E = self._E[slots]
            F[:, 5] = (E @ emb) / np.maximum(np.linalg.norm(E, axis=1), 1e-9)
        F[:, 6] = np.log1p(self.idx - self._last[slots])
        if day is not None:
            dg = np.log1p(np.abs(day - self._lday[slots]))
            F[:, 7], F[:, 8] = np.nan_to_num(dg, nan=0.0), ~np.isnan(dg)
        order = range(len(slots)) if k is None else np.argsort(-(F @ self.w))[:k]
        for i in order:
            st = self.stories[slots[i]]
            F[i, 2] = max((_dot(vec, m) for m in st.members), default=0.0)
            if emb is not None and st.member_embs:
                F[i, 9] = float(np.max(np.stack(st.member_embs) @ emb))
        return [int(s) for s in slots], F

    # ------------------------------------------------------------------ state updates
    def _new_story(self) -> _Story:
        if not self._free:
            old, self._cap = self._cap, max(64, 2 * self._cap)
            d = self._E.shape[1]
            self._E = np.vstack([self._E, np.zeros((self._cap - old, d), np.float32)])
            self._last = np.concatenate([self._last, np.full(self._cap - old, -np.inf)])
            self._lday = np.concatenate([self._lday, np.full(self._cap - old, np.nan)])
            self._hasent = np.concatenate([self._hasent, np.zeros(self._cap - old)])
            self._free = list(range(self._cap - 1, old - 1, -1))
        st = _Story(self.next_id, self._free.pop())
        self.next_id += 1
        self.stories[st.slot] = st
        return st

    def _active_mask(self, slot: Any = slice(None)) -> Any:
        """Active = updated within ``window`` articles, or dated within ``date_window`` days of
        the newest date seen (free slots are never active)."""
        act = self.idx - self._last[slot] <= self.window
        if self.max_day is not None:
            act |= (self.max_day - self._lday[slot]) <= self.date_window  # nan compares False
        return act

    def _too_far(self, slot: Any, day: int | None) -> Any:
        """A dated article never joins a dated story whose latest article is more than
        ``date_window`` days away from it, however few articles came between (a small batch of
        reports, or copies, of events years apart); undated ones are never too far."""
        if day is None:
            return np.zeros_like(self._lday[slot], dtype=bool)
        return np.abs(day - self._lday[slot]) > self.date_window  # nan compares False

    def _evict(self) -> None:
        act = self._active_mask()
        dead = [s for s in self.stories if not act[s]]
        alive = [s for s in self.stories if act[s]]
        if len(alive) > self.max_active:
            dead += sorted(alive, key=lambda s: self._last[s])[: len(alive) - self.max_active]
        for s in dead:
            st = self.stories.pop(s)
            for post, bag in ((self._post, st.centroid), (self._epost, st.ents)):
                for t in bag:
                    p = post[t]
                    del p[s]
                    if not p:
                        del post[t]
            for key in st.lsh_keys:
                if self._lsh.get(key, (-1,))[0] == s:
                    del self._lsh[key]
            self._E[s] = 0.0
            self._last[s], self._lday[s], self._hasent[s] = -np.inf, np.nan, 0.0
            self._free.append(s)

    def _update(self, st: _Story, vec: SparseVec, ents: SparseVec, emb: np.ndarray | None,
                day: int | None, keys: list[tuple[int, bytes]], sig: np.ndarray | None) -> None:
        s = st.slot
        for bag, post, attr in ((vec, self._post, "sq"), (ents, self._epost, "ent_sq")):
            target = st.centroid if attr == "sq" else st.ents
            sq = getattr(st, attr)
            for t, w in bag.items():
                old = target.get(t, 0.0)
                target[t] = old + w
                post.setdefault(t, {})[s] = old + w
                sq += 2.0 * old * w + w * w
            setattr(st, attr, sq)
        st.members = (st.members + [vec])[-self.max_members:]
        if emb is not None:
            st.member_embs = (st.member_embs + [emb])[-self.max_members:]
            if self._E.shape[1] != emb.shape[0]:
                self._E = np.zeros((self._cap, emb.shape[0]), np.float32)
            self._E[s] += emb
        st.size += 1
        self._last[s] = self.idx
        self._hasent[s] = min(len(st.ents), 2)
        if day is not None:
            self._lday[s] = day if np.isnan(self._lday[s]) else max(self._lday[s], day)
        if sig is not None:
            for key in keys:
                self._lsh[key] = (s, sig)
            st.lsh_keys.extend(keys)

    # ------------------------------------------------------------------ public API
    def add(self, articles: Iterable[dict]) -> list[int]:
        """Cluster articles (in publication order); returns one stable story id per article."""
        return [self.add_prepared(*p) for p in self.prepare(list(articles))]

    def add_prepared(self, terms: list[str], ent_terms: list[str], emb: np.ndarray | None,
                     day: int | None, sig: np.ndarray | None, force: int | None = None) -> int:
        """Add one prepared article. ``force`` is for teacher-forced training only: join the active
        story with that id, or start a new one if there is none (e.g. -1)."""
        self.idx += 1
        if day is not None:
            self.max_day = day if self.max_day is None else max(self.max_day, day)
        if self.idx % 50 == 0:
            self._evict()
        vec, ents = self._encode(terms, ent_terms)
        keys: list[tuple[int, bytes]] = []
        best: _Story | None = None
        if sig is not None:  # near-duplicate wire copy -> its original's story
            r = len(sig) // self.bands
            keys = [(b, sig[b * r:(b + 1) * r].tobytes()) for b in range(self.bands)]
            for key in keys:
                hit = self._lsh.get(key)
                if (hit and self._active_mask(hit[0]) and not self._too_far(hit[0], day)
                        and float(np.mean(hit[1] == sig)) >= self.dup_threshold):
                    best = self.stories[hit[0]]
                    break
        if force is not None:  # a known assignment (a replayed story, or training): obey it
            if self.record_features:  # training: every candidate's features, to fit the weights
                slots, F = self.candidates(vec, ents, emb, day, None)
                self.last_features = ([self.stories[s].sid for s in slots], F)
            best = next((st for st in self.stories.values() if st.sid == force), None)
        elif best is None:
            slots, F = self.candidates(vec, ents, emb, day, self.top_k)
            if slots:
                z = np.where(F[:, 2] < 0, -np.inf, F @ self.w)
                i = int(np.argmax(z))
                if 1.0 / (1.0 + math.exp(-min(max(z[i], -50), 50))) >= self.threshold:
                    best = self.stories[slots[i]]
        if best is None:
            best = self._new_story()
        self._update(best, vec, ents, emb, day, keys, sig)
        return best.sid

    @property
    def n_active(self) -> int:
        """Number of stories currently held in memory (candidates)."""
        return len(self.stories)


# ---------------------------------------------------------------------------------------------
# The pipeline's entry points: Article objects in, stories out.

_EMBEDDER_LOCK = threading.Lock()
_EMBEDDER: CachedStaticEmbedder | None = None


def default_embedder() -> CachedStaticEmbedder:
    """The bundled static model, loaded once per process (the clusterer's weights were fitted on
    its vectors, so clustering uses it whatever ``--model`` the summaries use)."""
    global _EMBEDDER
    with _EMBEDDER_LOCK:
        if _EMBEDDER is None:
            from newsdigest.text.embed import default_model_path

            _EMBEDDER = CachedStaticEmbedder(default_model_path())
        return _EMBEDDER


def article_fields(article: Article) -> dict[str, Any]:
    """What the clusterer reads of an article: title, text (its lead), date, id."""
    return {"id": article.id, "title": article.title, "text": article.text, "date": article.date}


def cluster_articles(articles: list[Article], encoder: Any = None) -> list[list[Article]]:
    """Group articles into stories: fed to the clusterer in publication order (by date; undated
    articles after the dated ones, in input order), returned as groups in input order of their
    first article. ``encoder`` is not used: the clusterer's weights were fitted on the bundled
    model's vectors (see ``default_embedder``)."""
    order = sorted(range(len(articles)), key=lambda i: (articles[i].date or "9999", i))
    clusterer = StoryClusterer(embed=default_embedder())
    labels = clusterer.add([article_fields(articles[i]) for i in order])
    groups: dict[int, list[int]] = {}
    for i, label in zip(order, labels):
        groups.setdefault(label, []).append(i)
    ordered = sorted(groups.values(), key=min)
    return [[articles[i] for i in sorted(g)] for g in ordered]
