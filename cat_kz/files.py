"""Files: where the project's data lives, how files are written (atomically) and hashed, how folders are swapped.

The data directory is, in order: the ``data_dir`` argument a caller passes, the
``CAT_KZ_DATA`` environment variable, or the ``data/`` folder of this checkout
(the package is installed editable, so it sits next to ``cat_kz/``).

>>> from cat_kz.files import default_data_dir
>>> (default_data_dir() / "people.csv").name
'people.csv'
"""

from __future__ import annotations

import ctypes
import errno
import hashlib
import os
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


def write_atomic(path: Path | str, data: str | bytes) -> None:
    """Write ``data`` (text as UTF-8) to ``path`` through a temporary file in the same folder,
    so a reader finds the old file or the new one, never half of one.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     write_atomic(Path(folder) / "a.txt", "new")
    ...     (Path(folder) / "a.txt").read_text(), sorted(p.name for p in Path(folder).iterdir())
    ('new', ['a.txt'])
    """
    path = Path(path)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    with os.fdopen(handle, "wb") as stream:
        stream.write(data.encode("utf-8") if isinstance(data, str) else data)
    os.chmod(temporary, 0o644)
    os.replace(temporary, path)


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
