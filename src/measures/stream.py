"""Streaming extraction over many documents, on every core, in input order, in bounded memory.

>>> from measures.stream import extract_stream
>>> for o in extract_stream(["corpus/"], jobs=4):          # doctest: +SKIP
...     if o.error: print(o.error)
...     else: print(o.doc, o.counts)

`extract_stream(paths)` reads the documents named by files, directories (their
`.txt` files, at any depth, sorted) and glob patterns (`corpus/**/*.txt`,
expanded here, so quoting them is fine) and yields one `Outcome` per document,
in input order. With `jobs > 1` the work runs in worker processes, each of
which builds its `Extractor` once (with the same rule packs); at most a small,
fixed number of documents is in flight at any time, so memory does not grow
with the number of documents. A document that cannot be read or extracted
gives an `Outcome` with `error` set (naming the file and the reason); the
stream goes on. A worker that dies (killed, out of memory) costs only the
documents it held: they are retried one by one in a fresh pool, and the one
that kills a worker again is reported as failed.

`fn`, run in the worker on each `Extraction`, turns it into what is sent back
(`Outcome.value`): by default the `Extraction` itself; the command line sends
back ready-made output (JSONL text, contract dicts for Parquet) so that the
main process mostly writes. `fn` must be picklable (a module-level function) when `jobs > 1`.
"""

from __future__ import annotations

import glob
import os
import signal
import threading
import time
from collections import Counter, deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Mapping, Sequence

from .io import InputError, read_text

__all__ = ["Outcome", "iter_documents", "count_documents", "extract_stream", "default_jobs"]


@dataclass
class Outcome:
    """What became of one document."""

    index: int  # position in the input order, from 0
    path: str
    doc: str  # the records' `doc`: the file's name without folders
    chars: int = 0  # characters of the decoded text
    counts: dict[str, int] = field(default_factory=dict)  # records per type
    value: Any = None  # fn(extraction); None when failed
    error: str | None = None  # "<path>: <reason>" when the document failed

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def records(self) -> int:
        return sum(self.counts.values())


def default_jobs() -> int:
    """All the cores this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


# -- inputs -----------------------------------------------------------------------


@dataclass(frozen=True)
class _Item:
    index: int
    path: str
    problem: str | None = None  # known before reading: reported as the document's error


def _walk(folder: Path, seen: set[tuple[int, int]]) -> Iterator[Path]:
    """The .txt files under `folder`, at any depth, in sorted path order, listing one folder at a time."""
    try:
        st = folder.stat()
        if (st.st_dev, st.st_ino) in seen:  # a symlink loop
            return
        seen.add((st.st_dev, st.st_ino))
        with os.scandir(folder) as it:
            entries = sorted((e.name, e.is_dir()) for e in it)
    except OSError:
        return
    for name, is_dir in entries:
        p = folder / name
        if is_dir:
            yield from _walk(p, seen)
        elif name.endswith(".txt") and p.is_file():
            yield p


def _files(raw: str | Path) -> Iterator[Path]:
    """The documents one path names, found lazily: a folder's .txt files one at a time, an empty folder itself."""
    p = Path(raw)
    if p.is_dir():
        found = False
        for q in _walk(p, set()):
            found = True
            yield q
        if not found:
            yield p  # reported as an error: nothing to read there
    else:
        yield p


def _expand(raw: str | Path) -> Iterator[tuple[Path, str | None]]:
    p = Path(raw)
    if isinstance(raw, str) and not p.exists() and glob.has_magic(raw):
        matches = sorted(glob.glob(raw, recursive=True))
        if not matches:
            yield p, "no file matches this pattern"
            return
        for m in matches:
            yield from ((q, None) for q in _files(m))
        return
    yield from ((q, None) for q in _files(raw))


def iter_documents(paths: Iterable[str | Path]) -> Iterator[Path]:
    """The files named by `paths`: files, directories (their .txt files, sorted) and glob patterns.

    An unmatched pattern or an empty directory is yielded itself, to be
    reported as an error when read.
    """
    for raw in paths:
        for p, _ in _expand(raw):
            yield p


def _items(paths: Iterable[str | Path]) -> Iterator[_Item]:
    i = 0
    for raw in paths:
        for p, problem in _expand(raw):
            yield _Item(i, str(p), problem)
            i += 1


def count_documents(paths: Iterable[str | Path]) -> int:
    """How many documents `paths` name (walks directories and expands patterns; holds nothing)."""
    return sum(1 for _ in _items(paths))


# -- the work, in-process or in a worker ------------------------------------------

_WORKER: dict[str, Any] = {}


def _init_worker(rules: Sequence[Any], fn: Callable[[Any], Any] | None, options: Mapping[str, Any]) -> None:
    """Process-pool initializer: build the extractor once for this worker."""
    from .pipeline import Extractor

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C and shuts the pool down
    _WORKER["extractor"] = Extractor(rules)
    _WORKER["fn"] = fn
    _WORKER["options"] = dict(options)


def _one(extractor: Any, fn: Callable[[Any], Any] | None, options: Mapping[str, Any], item: _Item) -> Outcome:
    out = Outcome(item.index, item.path, Path(item.path).name)
    if item.problem is not None:
        out.error = f"{item.path}: {item.problem}"
        return out
    try:
        text = read_text(item.path)
        out.chars = len(text)
        result = extractor.extract(text, out.doc, **options)
        out.counts = dict(Counter(r.type for r in result.records))
        out.value = fn(result) if fn is not None else result
    except InputError as e:
        out.error = str(e)
        out.value = None
    except MemoryError:
        out.error = f"{item.path}: out of memory"
        out.value = None
    except Exception as e:  # noqa: BLE001 - one document's failure must not stop the run
        out.error = f"{item.path}: extraction failed: {type(e).__name__}: {e}"
        out.value = None
    return out


def _run_batch(items: list[_Item]) -> list[Outcome]:
    """Worker side: extract a batch of documents with this worker's extractor."""
    return [_one(_WORKER["extractor"], _WORKER["fn"], _WORKER["options"], it) for it in items]


def _batched(items: Iterator[_Item], size: int) -> Iterator[list[_Item]]:
    """Batches of `size` documents."""
    batch: list[_Item] = []
    for it in items:
        batch.append(it)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _file_size(path: str) -> int:
    try:
        return os.stat(path).st_size
    except OSError:
        return 0


def _batched_by_size(items: Iterator[_Item], jobs: int, first: int = 32 << 10, largest: int = 256 << 10,
                     max_docs: int = 256) -> Iterator[list[_Item]]:
    """Batches of about `first` bytes of files, doubling every `jobs` batches up to `largest`.

    Small first batches keep every worker busy on a short run; larger ones later
    make the cost of a task (sending it, and its results back) small beside the
    work, however small the documents are.
    """
    limit, made = first, 0
    batch: list[_Item] = []
    size = 0
    for it in items:
        batch.append(it)
        size += _file_size(it.path) if it.problem is None else 0
        if size >= limit or len(batch) >= max_docs:
            yield batch
            batch, size = [], 0
            made += 1
            if made % jobs == 0:
                limit = min(largest, limit * 2)
    if batch:
        yield batch


# -- the stream -------------------------------------------------------------------


def extract_stream(
    paths: Iterable[str | Path],
    *,
    rules: Sequence[Any] = (),
    jobs: int | None = None,
    fn: Callable[[Any], Any] | None = None,
    batch_size: int | None = None,
    in_flight: int | None = None,
    extractor: Any = None,
    options: Mapping[str, Any] | None = None,
) -> Iterator[Outcome]:
    """Extract every document named by `paths`; yield one `Outcome` per document, in input order.

    `rules`: extra rule packs (paths), as for `Extractor`; a broken pack raises
    `PackError` before any document is read. `jobs`: worker processes (default:
    all cores; 1 runs in this process). `fn`: what to make of each `Extraction`
    in the worker (default: the `Extraction` itself). `batch_size`: documents
    per task sent to a worker (default: by file size, from 32 KiB of files per
    task, doubling up to 512 KiB as the run goes on). `in_flight`: tasks
    submitted ahead (default 4 per worker); with the batch size it bounds what
    is held in memory.
    `extractor`: an `Extractor` to use in-process (else one is built from
    `rules`). `options`: keyword arguments for `Extractor.extract`
    (`reference_date`).
    """
    from .pipeline import Extractor

    opts = dict(options or {})
    rules = list(rules)
    if extractor is None:
        extractor = Extractor(rules)  # validates the packs up front, in this process
    jobs = default_jobs() if jobs is None else max(1, int(jobs))
    items = _items(paths)
    if jobs > 1:
        # A pool is worth starting only for more than one document.
        head = [x for _, x in zip(range(2), items)]
        if len(head) < 2:
            jobs = 1
        items = _chain(head, items)
    if jobs == 1:
        for it in items:
            yield _one(extractor, fn, opts, it)
        return
    yield from _pooled(items, rules, fn, opts, jobs, batch_size, in_flight or 4 * jobs)


def _chain(head: list[_Item], rest: Iterator[_Item]) -> Iterator[_Item]:
    yield from head
    yield from rest


def _pooled(items: Iterator[_Item], rules: list[Any], fn: Callable[[Any], Any] | None, options: dict[str, Any],
            jobs: int, batch_size: int | None, in_flight: int) -> Iterator[Outcome]:
    from concurrent.futures import ProcessPoolExecutor, wait
    from concurrent.futures.process import BrokenProcessPool
    from itertools import chain

    def new_pool() -> ProcessPoolExecutor:
        return ProcessPoolExecutor(max_workers=jobs, initializer=_init_worker, initargs=(rules, fn, options))

    # Ctrl-C while the pool is busy: a KeyboardInterrupt raised at an arbitrary point of the
    # executor's machinery can leave its workers waiting forever; note it, and raise it here.
    interrupted: list[bool] = []
    previous = None
    if threading.current_thread() is threading.main_thread() and signal.getsignal(signal.SIGINT) is signal.default_int_handler:
        previous = signal.signal(signal.SIGINT, lambda *_: interrupted.append(True))

    def result(fut: Any) -> Any:
        while not fut.done():
            if interrupted:
                raise KeyboardInterrupt
            wait([fut], timeout=0.1)
        return fut.result()

    pool = new_pool()
    pending: deque[tuple[list[_Item], Any]] = deque()  # submitted batches, in input order
    isolate: deque[_Item] = deque()  # after a worker died: documents to run alone, one at a time
    batches: Iterator[list[_Item]] = (_batched(items, max(1, batch_size)) if batch_size
                                      else _batched_by_size(items, jobs))

    def restart() -> None:
        nonlocal pool
        pool.shutdown(wait=False, cancel_futures=True)
        pool = new_pool()

    try:
        while True:
            if isolate:
                it = isolate.popleft()
                try:
                    outcomes = result(pool.submit(_run_batch, [it]))
                except BrokenProcessPool:
                    restart()
                    outcomes = [Outcome(it.index, it.path, Path(it.path).name, error=(
                        f"{it.path}: extraction failed: the worker process died (killed, or out of memory)"))]
                yield from outcomes
                continue
            while len(pending) < in_flight:
                batch = next(batches, None)
                if batch is None:
                    break
                pending.append((batch, pool.submit(_run_batch, batch)))
            if not pending:
                return
            batch, fut = pending.popleft()
            try:
                outcomes = result(fut)
            except BrokenProcessPool:
                # A worker died, and with it every task in flight. In a fresh pool, run this
                # batch's documents alone, one at a time (the one that kills a worker again is
                # reported), then resubmit the others as they were.
                restart()
                isolate.extend(batch)
                requeue = [b for b, _ in pending]
                pending.clear()
                batches = chain(requeue, batches)
                continue
            yield from outcomes
            if interrupted:
                raise KeyboardInterrupt
    finally:
        for _, f in pending:
            f.cancel()
        pool.shutdown(wait=True, cancel_futures=True)
        if previous is not None:
            signal.signal(signal.SIGINT, previous)


# -- progress on a terminal -------------------------------------------------------


class Progress:
    """A one-line progress bar on a terminal stream (standard error); nothing when the stream is not a terminal."""

    def __init__(self, stream: Any, total: int | None, *, enabled: bool | None = None, interval: float = 0.1) -> None:
        self.stream = stream
        self.total = total
        self.enabled = (stream.isatty() if hasattr(stream, "isatty") else False) if enabled is None else enabled
        self.interval = interval
        self.docs = 0
        self.chars = 0
        self.errors = 0
        self.started = time.monotonic()
        self._last = 0.0
        self._shown = False

    def update(self, outcome: Outcome) -> None:
        self.docs += 1
        self.chars += outcome.chars
        self.errors += 0 if outcome.ok else 1
        if self.enabled:
            now = time.monotonic()
            if now - self._last >= self.interval or (self.total is not None and self.docs >= self.total):
                self._last = now
                self.draw()

    def line(self, width: int = 80) -> str:
        elapsed = max(time.monotonic() - self.started, 1e-9)
        rate = self.chars / elapsed
        parts = [f"{self.docs}" + (f"/{self.total}" if self.total else "") + " docs",
                 f"{_human(rate)} chars/s"]
        if self.errors:
            parts.append(f"{self.errors} failed")
        if self.total:
            frac = min(1.0, self.docs / self.total)
            if 0 < self.docs < self.total:
                left = elapsed / self.docs * (self.total - self.docs)
                parts.append(f"{_clock(left)} left")
            info = "  ".join(parts)
            bar_w = max(10, min(40, width - len(info) - 9))
            filled = int(frac * bar_w)
            return f"{frac * 100:3.0f}% [{'#' * filled}{' ' * (bar_w - filled)}] {info}"[: width - 1]
        return ("  ".join(parts))[: width - 1]

    def draw(self) -> None:
        import shutil

        width = shutil.get_terminal_size((80, 24)).columns
        self.stream.write("\r\x1b[K" + self.line(width))
        self.stream.flush()
        self._shown = True

    def clear(self) -> None:
        """Erase the bar (before printing a message, and at the end)."""
        if self.enabled and self._shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self._shown = False


def _human(n: float) -> str:
    for unit, scale in (("G", 1e9), ("M", 1e6), ("k", 1e3)):
        if n >= scale:
            return f"{n / scale:.1f} {unit}"
    return f"{n:.0f} "


def _clock(seconds: float) -> str:
    s = int(seconds + 0.5)
    h, rem = divmod(s, 3600)
    m, s = divmod(rem, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


def summary_line(docs: int, failed: int, counts: Mapping[str, int], chars: int, seconds: float,
                 types: Iterable[str] | None = None) -> str:
    """`measures: 17 documents (1 failed), 1,783 records (directive 364, …), 95,192 chars in 0.8 s (119 k chars/s)`."""
    from .models import MODEL_BY_TYPE

    order = list(types) if types is not None else list(MODEL_BY_TYPE)
    order += [t for t in counts if t not in order]
    total = sum(counts.values())
    per = ", ".join(f"{t} {counts.get(t, 0):,}" for t in order)
    docs_part = f"{docs:,} document{'s' if docs != 1 else ''}" + (f" ({failed:,} failed)" if failed else "")
    rate = chars / seconds if seconds > 0 else 0.0
    return (f"measures: {docs_part}, {total:,} records ({per}), {chars:,} chars in {seconds:.1f} s "
            f"({_human(rate).strip()} chars/s)")
