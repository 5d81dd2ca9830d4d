"""Files: where the project's data lives, how files are written (atomically) and hashed, how folders are swapped.

The data directory is, in order: the ``data_dir`` argument a caller passes, the
``CAT_KZ_DATA`` environment variable, or the ``data/`` folder of this checkout
(the package is installed editable, so it sits next to ``cat_kz/``).

>>> from cat_kz.files import default_data_dir
>>> (default_data_dir() / "people.csv").name
'people.csv'
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import hashlib
import os
import stat
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
ENV_VAR = "CAT_KZ_DATA"


def default_data_dir() -> Path:
    """The data directory to use when the caller names none."""
    override = os.environ.get(ENV_VAR)
    return Path(override) if override else PROJECT_ROOT / "data"


def resolve_data_dir(data_dir: Path | str | None = None) -> Path:
    """``data_dir`` as an absolute Path, or the default one."""
    return Path(data_dir).resolve() if data_dir is not None else default_data_dir().resolve()


def _mode_for(path: Path) -> int:
    """The mode a rewritten file keeps (a private 0600 file stays private); a new file's follows the umask."""
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def write_atomic(path: Path | str, data: str | bytes) -> None:
    """Write ``data`` (text as UTF-8) to ``path`` through a temporary file in the same folder,
    flushed to disk before it replaces ``path`` (and the folder after), so a reader, a full
    disk or a power cut leaves the old file or the new one, never half of one.

    A path that exists and is not a regular file (a device such as ``/dev/null``, a FIFO,
    a folder) is refused with ``IsADirectoryError`` or ``OSError(EINVAL)``, never replaced.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     write_atomic(Path(folder) / "a.txt", "new")
    ...     (Path(folder) / "a.txt").read_text(), sorted(p.name for p in Path(folder).iterdir())
    ('new', ['a.txt'])
    >>> write_atomic("/dev/null", "x")
    Traceback (most recent call last):
    ...
    OSError: [Errno 22] not a regular file: '/dev/null'
    """
    path = Path(path)
    refuse_special(path)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data.encode("utf-8") if isinstance(data, str) else data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, _mode_for(path))
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    sync_folder(path.parent)


def sync_folder(folder: Path | str) -> None:
    """fsync a folder, so a rename in it is on disk (where the system allows it)."""
    with contextlib.suppress(OSError):
        handle = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
        try:
            os.fsync(handle)
        finally:
            os.close(handle)


def refuse_special(path: Path | str) -> None:
    """Raise ``OSError`` if ``path`` exists (after symlinks) and is neither a regular file
    nor missing: a folder (``IsADirectoryError``), a device, a FIFO or a socket (``EINVAL``).
    An output path is checked so; a device is never replaced, even by root."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return
    if stat.S_ISDIR(mode):
        raise IsADirectoryError(errno.EISDIR, "is a folder", str(path))
    if not stat.S_ISREG(mode):
        raise OSError(errno.EINVAL, "not a regular file", str(path))


#: The most bytes :func:`read_regular` reads by default (a data table, a source, a parameters file).
READ_LIMIT = 256 * 1024 * 1024


def read_regular(path: Path | str, limit: int | None = None) -> bytes:
    """The bytes of ``path``, opened only if it is a regular file and read only up to ``limit``
    (default :data:`READ_LIMIT`).

    A FIFO, a device (``/dev/zero``), a socket or a folder raises ``OSError`` at once
    (``IsADirectoryError`` or ``EINVAL``) without waiting for a writer or reading
    forever; a file over ``limit`` bytes raises ``OSError(EFBIG)``. The message is
    the reason alone; ``error.filename`` names the file.

    >>> read_regular("/dev/zero")
    Traceback (most recent call last):
    ...
    OSError: [Errno 22] not a regular file (a device, FIFO or socket): '/dev/zero'
    """
    limit = READ_LIMIT if limit is None else limit
    # O_NONBLOCK: opening a FIFO with no writer would otherwise wait for one
    handle = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    try:
        mode = os.fstat(handle).st_mode
        if stat.S_ISDIR(mode):
            raise IsADirectoryError(errno.EISDIR, "is a folder, not a file", str(path))
        if not stat.S_ISREG(mode):
            raise OSError(errno.EINVAL, "not a regular file (a device, FIFO or socket)", str(path))
        with os.fdopen(handle, "rb", closefd=False) as stream:
            data = stream.read(limit + 1)
    finally:
        os.close(handle)
    if len(data) > limit:
        raise OSError(errno.EFBIG, f"larger than {limit // (1024 * 1024)} MB, the most read", str(path))
    return data


def digest_files(root: Path, paths: Iterable[Path], *, salt: str = "", read=None) -> str:
    """sha256 over ``paths`` (their names relative to ``root``, then their bytes' sha256), in the order given.

    ``read(path)`` gives a file's bytes (default: read it; an ``OSError`` propagates).
    The one way cat-kz hashes files: the dataset fingerprint, the library digest and the
    digests of published reports all come from here.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     _ = (Path(folder) / "a.txt").write_text("x")
    ...     digest_files(Path(folder), [Path(folder) / "a.txt"]) == tree_digest(folder)
    True
    """
    read = read or (lambda path: path.read_bytes())
    digest = hashlib.sha256(salt.encode())
    root = Path(root)
    for path in paths:
        digest.update(Path(path).relative_to(root).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(read(Path(path))).digest())
    return digest.hexdigest()


def tree_digest(root: Path | str, *, salt: str = "") -> str:
    """sha256 over every regular file under ``root`` (names and bytes, sorted; caches of Python left out)."""
    root = Path(root)
    files = sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc")
    return digest_files(root, files, salt=salt)


def swap_folders(first: Path, second: Path) -> bool:
    """Exchange two folders in one step (Linux ``renameat2(RENAME_EXCHANGE)``).

    Returns False where the system cannot (another OS, an old kernel or file system);
    the caller then moves the old folder aside first. Other failures raise ``OSError``.
    """
    if not sys.platform.startswith("linux"):
        return False
    function = getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None)
    if function is None:
        return False
    at_fdcwd, rename_exchange = -100, 2
    if function(at_fdcwd, os.fsencode(first), at_fdcwd, os.fsencode(second), rename_exchange) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), str(second))


# --- the console ------------------------------------------------------------------


def tolerant_streams() -> None:
    """Make stdout and stderr write a character their encoding cannot show as an escape
    (``→`` as ``\\u2192`` under ``PYTHONIOENCODING=ascii``) instead of failing."""
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(AttributeError, ValueError, OSError):
            stream.reconfigure(errors="backslashreplace")


def output_lost(prefix: str, error: Exception) -> int:
    """Output that could not be written (a full device, a closed pipe): one line on stderr
    (none for a closed pipe: its reader stopped reading), never a traceback; returns 2.

    Standard output then goes to ``os.devnull``, so Python's own flush at exit has nowhere to fail.
    """
    with contextlib.suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    if not isinstance(error, BrokenPipeError):
        reason = getattr(error, "strerror", None) or "a character the output's encoding cannot show"
        with contextlib.suppress(Exception):
            print(f"{prefix}: cannot write the output: {reason}", file=sys.stderr, flush=True)
    return 2
