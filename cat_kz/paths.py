"""Where the project's data lives.

The data directory is, in order: the ``data_dir`` argument a caller passes, the
``CAT_KZ_DATA`` environment variable, or the ``data/`` folder of this checkout
(the package is installed editable, so it sits next to ``cat_kz/``).

>>> from cat_kz.paths import default_data_dir
>>> (default_data_dir() / "people.csv").name
'people.csv'
"""

from __future__ import annotations

import os
import tempfile
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
