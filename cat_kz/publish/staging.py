"""Publish a report run into its folder all at once, or not at all.

``cat-kz report`` never writes into the output folder while it works. It
builds the complete next version of the folder beside it and swaps the two
with one rename, so a reader sees the previous run or the new one, never a
mix, a half-written file or an index that disagrees with the reports:

1. :func:`publication` checks the folder (a folder, writable, a cat-kz folder
   or new), takes a lock (a second run into the same folder is refused with a
   clear message), reads the folder's redaction level from ``index.json`` and
   refuses a less redacted run unless asked, and opens a staging folder in a
   hidden sidecar ``.<out>.cat-kz/`` beside it. A guardian process removes the
   staging folder if this process dies in any way (even ``SIGKILL``).
2. :meth:`Publication.take` moves one finished notebook's files into the next
   version, after checking the HTML is complete (it ends with ``</html>``) and,
   in a redacted run, that no spelling of a redacted person is in any of them.
   A notebook that failed keeps its previous good report (marked stale in the
   index); a notebook with no previous report publishes its failure page.
3. :meth:`Publication.finish` writes the index, checks the whole next version
   (every report in the index is there and complete, every report there is in
   the index) and swaps it in (Linux ``renameat2(RENAME_EXCHANGE)``; elsewhere
   two renames). The staging folder is removed on every exit path.

Worker processes call :func:`die_with_parent` so they never outlive the run.

>>> from cat_kz.publish.staging import complete_html, less_redacted
>>> less_redacted("none", "victims"), less_redacted("all", "victims")
(True, False)
"""

from __future__ import annotations

import contextlib
import ctypes
import fcntl
import json
import os
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

from cat_kz.dataset.redaction import scan_files
from cat_kz.errors import PublishError
from cat_kz.files import swap_folders
from cat_kz.model.schema import LEVELS  # redaction levels, from least to most redacted

#: Pages of the briefing kit (:mod:`cat_kz.publish.kit`) beside the reports; not reports themselves.
BRIEFING_KIT = ("keyfacts.html", "slides.html", "source.html")


def default_out(level: str) -> str:
    """The folder ``cat-kz report`` writes to by default: one per redaction level, so no run replaces another's.

    >>> default_out("none"), default_out("victims")
    ('reports', 'reports-victims')
    """
    return "reports" if level in (None, "none") else f"reports-{level}"


def less_redacted(level: str, than: str) -> bool:
    """Whether ``level`` hides fewer names than ``than``."""
    return LEVELS.index(level) < LEVELS.index(than)


def folder_level(entries: Sequence[dict]) -> str:
    """The redaction level of a folder: that of its least redacted report.

    >>> folder_level([{"redact": "victims"}, {"parameters": {"redact": "all"}}])
    'victims'
    >>> folder_level([])
    'all'
    """
    levels = [entry_level(entry) or LEVELS[-1] for entry in entries]  # a level we do not know: the strictest
    return min(levels, key=LEVELS.index) if levels else "all"


def entry_level(entry: dict) -> str | None:
    """The redaction level an index entry records; None for one cat-kz does not know.

    >>> entry_level({"parameters": {}}), entry_level({"redact": "victims"}), entry_level({"redact": "most"})
    ('none', 'victims', None)
    """
    level = entry.get("redact") or (entry.get("parameters") or {}).get("redact") or "none"
    return level if level in LEVELS else None


def complete_html(path: Path) -> bool:
    """Whether ``path`` is a finished HTML page: not empty, ending with ``</html>``."""
    try:
        with open(path, "rb") as stream:
            stream.seek(0, os.SEEK_END)
            size = stream.tell()
            stream.seek(max(0, size - 256))
            tail = stream.read()
    except OSError:
        return False
    return size > 0 and tail.rstrip().lower().endswith(b"</html>")


# --- workers die with the run ---------------------------------------------------


def die_with_parent(parent: int) -> None:
    """Make this (worker) process exit when ``parent`` dies, however it dies.

    On Linux the kernel sends SIGKILL (``prctl(PR_SET_PDEATHSIG)``); everywhere a
    watchdog thread also checks once a second. Used as a pool initializer.
    """
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    if os.getppid() != parent:  # the parent died before prctl
        os._exit(1)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1)
        os._exit(1)

    threading.Thread(target=watch, name="cat-kz-watchdog", daemon=True).start()


# --- the swap -------------------------------------------------------------------


def _link_tree(source: Path, target: Path) -> None:
    """Copy a folder as hard links (no data copied); plain copies where links fail.

    Everything is carried into the next version, a user's dotfiles (``.git/``, ``.htaccess``)
    included: a run replaces only the files it writes."""

    def link(src: str, dst: str) -> None:
        try:
            os.link(src, dst)
        except OSError:
            shutil.copy2(src, dst)

    for entry in source.iterdir():
        if entry.name.startswith(".") and entry.name.endswith(".tmp"):
            continue  # a temporary file of a write that was cut short (cat_kz.files.write_atomic): not carried on
        if entry.is_dir() and not entry.is_symlink():
            shutil.copytree(entry, target / entry.name, copy_function=link, symlinks=True)
        else:
            link(str(entry), str(target / entry.name))


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    elif path.exists() or path.is_symlink():
        path.unlink()


# --- the output folder ----------------------------------------------------------


def check_out(out: Path | str) -> Path:
    """``out`` as an absolute path, or :class:`PublishError` saying what to fix.

    >>> check_out("/dev/null")
    Traceback (most recent call last):
    ...
    cat_kz.errors.PublishError: --out /dev/null is a file, not a folder; name a folder (it is created if missing)
    """
    # symlinks resolved: the lock, the sidecar and the swap are those of the real folder, so two
    # runs through two names of one folder cannot both proceed, and a link is not replaced
    out = Path(out).expanduser().resolve()
    if out.exists() and not out.is_dir():
        raise PublishError(f"--out {out} is a file, not a folder; name a folder (it is created if missing)")
    if out.is_dir() and os.path.ismount(out):
        raise PublishError(f"--out {out} is a mount point, which cannot be swapped whole; name a folder inside it")
    parent = out.parent
    while not parent.exists() and parent != parent.parent:
        parent = parent.parent
    if not parent.is_dir():
        raise PublishError(f"--out {out}: {parent} is not a folder")
    for folder in (out, out.parent) if out.exists() else (parent,):
        if folder.exists() and not os.access(folder, os.W_OK | os.X_OK):
            raise PublishError(f"--out {out}: {folder} is not writable; choose a folder you can write to")
    return out


def read_index(out: Path) -> dict | None:
    """The folder's ``index.json``; None for a new or empty folder.

    Raises :class:`PublishError` for a folder that has other files but no
    readable cat-kz index (the report will not replace a folder it did not make).
    """
    if not out.exists() or not any(p for p in out.iterdir() if not p.name.startswith(".")):
        return None
    try:
        index = json.loads((out / "index.json").read_text(encoding="utf-8"))
        if not isinstance(index, dict) or not isinstance(index.get("reports"), list):
            raise ValueError("no reports list")
    except (OSError, ValueError) as error:
        reason = "has no index.json" if isinstance(error, FileNotFoundError) else "has an unreadable index.json"
        raise PublishError(
            f"--out {out} {reason}, so it is not a cat-kz report folder; choose a new or empty folder"
        ) from None
    return index


class Publication:
    """One run's staging area, lock and guardian (see the module doc). Use :func:`publication`."""

    def __init__(self, out: Path, level: str, allow_less_redacted: bool = False):
        self.out = out
        self.level = level
        self.sidecar = out.parent / f".{out.name}.cat-kz"
        self._lock = None
        self._guardian: subprocess.Popen | None = None
        self.allow_other_level = allow_less_redacted
        self.previous: dict | None = None  # the folder's index.json, read under the lock (open)
        self.previous_entries: dict[str, dict] = {}
        self.staging = self.work = self.tree = None  # set by open()
        self.swapped = False  # set by finish(): every notebook ran to its end and the new version is in
        self.kept: dict[str, dict] = {}  # name -> the previous entry, for notebooks whose old report stays
        self.problems: dict[str, str] = {}  # name -> why its new report was not published
        self.removed: dict[str, str] = {}  # name -> why its previous report was taken out of the next version

    # -- lifetime --

    def open(self) -> Publication:
        self.sidecar.mkdir(parents=True, exist_ok=True)
        self._lock = open(self.sidecar / "lock", "a+", encoding="utf-8")  # noqa: SIM115
        try:
            fcntl.flock(self._lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            self._lock.seek(0)
            holder = self._lock.read().strip() or "another process"
            self._lock.close()
            self._lock = None
            raise PublishError(
                f"--out {self.out} is being written by another cat-kz report ({holder}); "
                "wait for it to finish or choose another --out"
            ) from None
        self._lock.seek(0)
        self._lock.truncate()
        self._lock.write(f"process {os.getpid()}\n")
        self._lock.flush()
        self._read_previous()  # under the lock: a run that finished meanwhile is seen whole
        for left in self.sidecar.glob("staging-*"):  # from a run that was killed before its guardian ran
            shutil.rmtree(left, ignore_errors=True)
        self.staging = Path(tempfile.mkdtemp(prefix="staging-", dir=self.sidecar))
        self._guardian = subprocess.Popen(
            [sys.executable, "-c", GUARDIAN, str(self.staging)], stdin=subprocess.PIPE, start_new_session=True
        )
        self.work, self.tree = self.staging / "work", self.staging / "tree"
        self.work.mkdir()
        self.tree.mkdir()
        if self.out.exists():
            _link_tree(self.out, self.tree)
            self._drop_less_redacted()
        return self

    def _read_previous(self) -> None:
        """Read the folder's index and refuse a folder of another redaction level (unless allowed)."""
        self.previous = read_index(self.out)
        self.previous_entries = {
            e.get("name"): e for e in (self.previous or {}).get("reports", []) if isinstance(e, dict)
        }
        if self.previous is None:
            return
        current = self.previous.get("redact") or folder_level(list(self.previous_entries.values()))
        current = current if current in LEVELS else LEVELS[-1]  # a level we do not know: the strictest
        # a folder keeps one level: a run of another level would silently replace (and unlink) its briefing
        if current != self.level and not self.allow_other_level:
            raise PublishError(
                f"--out {self.out} holds reports redacted at level {current!r}; this run is at level "
                f"{self.level!r} (its own folder by default: {default_out(self.level)}). Choose another --out, "
                "or pass --replace-level to replace them"
            )

    def _drop_less_redacted(self) -> None:
        """Take out of the next version every previous report less redacted than this run
        (or of a level cat-kz does not know): none stays, stale or untouched, under its banner."""
        for name, entry in self.previous_entries.items():
            level = entry_level(entry)
            if level is None or less_redacted(level, self.level):
                for suffix in (".html", ".ipynb", ""):
                    _remove(self.tree / f"{name}{suffix}")
                self.removed[name] = (
                    f"its earlier report (level {level or 'unknown'}) was removed: less redacted than this run "
                    f"({self.level})"
                )

    def close(self) -> None:
        if self.staging is not None:
            shutil.rmtree(self.staging, ignore_errors=True)
        if self._guardian is not None:
            with contextlib.suppress(OSError):
                if self.swapped:  # a normal end: no kernel is left to write, no need to watch the folder
                    self._guardian.stdin.write(b"closed\n")
                self._guardian.stdin.close()
            if self.swapped:
                with contextlib.suppress(subprocess.TimeoutExpired):
                    self._guardian.wait(timeout=10)
        if self._lock is not None:
            self._lock.close()  # releases the lock; the sidecar stays (removing it would race another run)

    # -- one notebook --

    def take(self, name: str, *, ok: bool, redactor=None) -> str:
        """Put one notebook's staged files into the next version of the folder.

        Returns ``"published"``, ``"kept"`` (the previous good report stays; the
        caller marks it stale) or ``"none"`` (nothing to show). A report that
        is incomplete or, in a redacted run, holds a name is never published.
        """
        html = self.work / f"{name}.html"
        problem = None
        if not complete_html(html):
            problem = "the HTML report is incomplete" if html.exists() else "no report was produced"
        elif redactor is not None and redactor.level != "none":
            hits = self._names_in(name, redactor)
            if hits:
                problem = f"a redacted name was found in {hits} file(s) of the output, so it is not published"
        previous_good = self.previous_entries.get(name, {}).get("status") in ("ok", "stale")
        previous_good = previous_good and complete_html(self.tree / f"{name}.html")
        if problem is None and (ok or not previous_good):
            for suffix in (".html", ".ipynb", ""):
                _remove(self.tree / f"{name}{suffix}")
            (self.work / name).mkdir(exist_ok=True)
            os.replace(self.work / name, self.tree / name)
            if (self.work / f"{name}.ipynb").exists():
                os.replace(self.work / f"{name}.ipynb", self.tree / f"{name}.ipynb")
            os.replace(html, self.tree / f"{name}.html")
            return "published"
        if name in self.removed and not previous_good:
            problem = f"{problem}; {self.removed[name]}" if problem else self.removed[name]
        if problem:
            self.problems[name] = problem
        if previous_good:
            self.kept[name] = self.previous_entries[name]
            return "kept"
        return "none"

    def _names_in(self, name: str, redactor) -> int:
        files = [self.work / f"{name}.html", self.work / f"{name}.ipynb"]
        files += [p for p in (self.work / name).rglob("*") if p.is_file()] if (self.work / name).exists() else []
        # every format as its reader sees it: entities and JSON escapes decoded, PDF text extracted
        return len(scan_files(files, redactor))

    # -- the whole run --

    def entries_kept(self, names: Sequence[str]) -> list[dict]:
        """The previous index entries of reports this run did not touch (still in the folder)."""
        return [e for n, e in self.previous_entries.items() if n not in names and (self.tree / f"{n}.html").exists()]

    def finish(self, index: dict, index_html: str, redactor=None) -> None:
        """Write the index, check the next version whole, swap it in."""
        _write(self.tree / "index.json", json.dumps(index, indent=2, default=str))
        _write(self.tree / "index.html", index_html)
        self.verify(index, redactor)
        if self.out.exists():
            os.chmod(self.tree, stat.S_IMODE(self.out.stat().st_mode))
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(self.tree, 0o777 & ~umask)
        if not self.out.exists():
            os.rename(self.tree, self.out)
        elif swap_folders(self.tree, self.out):
            pass  # the old version is now at self.tree, removed with the staging folder
        else:
            old = self.staging / "old"
            os.rename(self.out, old)
            os.rename(self.tree, self.out)
        self.swapped = True

    def verify(self, index: dict, redactor=None) -> None:
        """Every report the index lists is there and complete, with its outputs;
        every report there is listed; the index reads back as written."""
        problems = []
        if json.loads((self.tree / "index.json").read_text(encoding="utf-8")) != json.loads(
            json.dumps(index, default=str)
        ):
            problems.append("index.json does not read back as written")
        if not complete_html(self.tree / "index.html"):
            problems.append("index.html is incomplete")
        listed = {entry["name"] for entry in index["reports"] if entry.get("report")}
        for entry in index["reports"]:
            name = entry["name"]
            if not entry.get("report"):  # failed with no report to show: listed, not linked
                continue
            if not complete_html(self.tree / f"{name}.html"):
                problems.append(f"{name}.html is missing or incomplete")
            missing = [o for o in entry.get("outputs", []) if not (self.tree / name / o).is_file()]
            if missing:
                problems.append(f"{name}: {len(missing)} listed output(s) missing")
        pages = {"index.html", *BRIEFING_KIT}  # the index and the briefing kit's pages are not reports
        stray = sorted(p.stem for p in self.tree.glob("*.html") if p.name not in pages and p.stem not in listed)
        if stray:
            problems.append(f"report(s) not in the index: {', '.join(stray)}")
        if redactor is not None and redactor.level != "none":
            if scan_files([self.tree / "index.json", self.tree / "index.html"], redactor):
                problems.append("a redacted name was found in the index")
        if problems:
            raise PublishError(f"not published, the previous reports are kept: {'; '.join(problems)}")


def _write(path: Path, text: str) -> None:
    # the staged folder starts as hard links to the published one: never write
    # into a linked file (that would change the published copy), replace it
    path.unlink(missing_ok=True)
    with open(path, "w", encoding="utf-8") as stream:
        stream.write(text)
        stream.flush()
        os.fsync(stream.fileno())


@contextlib.contextmanager
def publication(out: Path | str, *, level: str = "none", allow_less_redacted: bool = False) -> Iterator[Publication]:
    """Check ``out``, lock it and stage the next version; always clean up (see module doc).

    A SIGTERM during the run ends it like Ctrl-C: staging removed, the folder as it was.
    """
    pub = Publication(check_out(out), level, allow_less_redacted)
    previous_handler = None
    if threading.current_thread() is threading.main_thread():
        previous_handler = signal.signal(signal.SIGTERM, _terminate)
    try:
        pub.open()
        yield pub
    finally:
        pub.close()
        if previous_handler is not None:
            signal.signal(signal.SIGTERM, previous_handler)


def _terminate(signum, frame):  # noqa: ARG001
    raise KeyboardInterrupt("terminated")


#: The guardian, a separate small process (``python -c``, nothing imported but
#: the standard library): it waits until the run closes its stdin, or dies in
#: any way, then removes the run's staging folder. Signals to the run's process
#: group do not reach it (its own session; SIGINT, SIGTERM, SIGHUP ignored).
#: A run that ends normally writes ``closed`` first. Without it the run died or
#: was interrupted, and its notebook kernels (which notice a dead parent only within a second or so)
#: may still be writing figures into the folder, recreating it: so the guardian
#: keeps removing it until it has stayed gone for a few seconds (at most 2 min).
GUARDIAN = """
import os, shutil, signal, sys, time
for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
    signal.signal(signum, signal.SIG_IGN)
said = b""
try:
    while True:
        chunk = sys.stdin.buffer.read(4096)
        if not chunk:
            break
        said += chunk
except OSError:
    pass
path = sys.argv[1]
shutil.rmtree(path, ignore_errors=True)
if said.strip() != b"closed":
    deadline, gone_since = time.monotonic() + 120, time.monotonic()
    while time.monotonic() < deadline and time.monotonic() - gone_since < 5:
        time.sleep(0.25)
        if os.path.lexists(path):
            shutil.rmtree(path, ignore_errors=True)
            gone_since = time.monotonic()
"""
