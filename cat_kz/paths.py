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
