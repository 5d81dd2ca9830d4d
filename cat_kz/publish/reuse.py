"""Incremental reports: which notebooks ``cat-kz report`` may skip.

A report depends on its notebook file, the parameters routed to it (after
names became person ids, with its redaction level), the data (the dataset
fingerprint), the library (its version and the digest of its own source, so a
changed plotting function re-renders even at the same version), whether code
is shown and the kernel. :func:`input_digest` hashes all of them into one
sha256 stored as ``inputs`` on the report's entry in ``index.json``.

A later run reuses the published files of a report (they stay in the folder,
byte for byte: the staged next version holds them as hard links) only when its
last entry is ``ok``, its ``inputs`` equal this run's, and its files still
hash to the ``files_sha256`` recorded when they were published (a report
edited or damaged since is rendered again). ``--force`` renders every one.

>>> a = input_digest("00_overview", {"redact": "victims"}, fingerprint="f", library="l", with_code=False, kernel="cat-kz")
>>> a == input_digest("00_overview", {"redact": "victims"}, fingerprint="f", library="l", with_code=False, kernel="cat-kz")
True
>>> a == input_digest("00_overview", {"redact": "all"}, fingerprint="f", library="l", with_code=False, kernel="cat-kz")
False
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections.abc import Mapping
from pathlib import Path

from cat_kz._version import __version__
from cat_kz.files import digest_files, tree_digest

PACKAGE = Path(__file__).resolve().parent.parent


def library_digest() -> str:
    """sha256 over the library's version and its source files (``cat_kz/**.py`` and ``share/``)."""
    return tree_digest(PACKAGE, salt=f"cat-kz {__version__}\0")


def input_digest(
    name: str, parameters: Mapping, *, fingerprint: str, library: str, with_code: bool, kernel: str
) -> str:
    """sha256 over everything a rendered report depends on (see the module doc).

    ``parameters`` are the notebook's routed parameters, with ``redact``; the
    notebook file is read from ``cat_kz.publish.notebooks.notebook_path(name)``.
    """
    # kept here: publish.notebooks loads nbformat and jsonschema, which `import cat_kz.cli` (it imports reuse) must not
    from cat_kz.publish.notebooks import notebook_path

    try:
        notebook = hashlib.sha256(notebook_path(name).read_bytes()).hexdigest()
    except (KeyError, OSError):
        notebook = "missing"
    facts = {
        "notebook": name,
        "notebook_sha256": notebook,
        "parameters": dict(parameters),
        "redact": parameters.get("redact", "none"),
        "dataset_fingerprint": fingerprint,
        "library": library,
        "with_code": bool(with_code),
        "kernel": kernel,
    }
    text = json.dumps(facts, sort_keys=True, default=str, ensure_ascii=True)
    return hashlib.sha256(text.encode()).hexdigest()


def files_digest(tree: Path, name: str, outputs: list[str]) -> str | None:
    """sha256 over a published report's files (HTML, executed notebook, listed outputs); None if one is missing."""
    paths = [tree / f"{name}.html", tree / f"{name}.ipynb"] + [tree / name / o for o in sorted(outputs)]

    def read(path: Path) -> bytes:
        try:
            return path.read_bytes()
        except OSError:
            if path.suffix == ".ipynb" and path.parent == tree:
                return b"\0no notebook"  # a failure page may come without its notebook
            raise

    try:
        return digest_files(tree, paths, read=read)
    except OSError:
        return None


def reusable(entry: Mapping | None, inputs: str, tree: Path) -> bool:
    """Whether the report ``entry`` (from the previous ``index.json``) can stand for a run with ``inputs``.

    >>> reusable({"name": "x", "status": "failed", "inputs": "a"}, "a", Path("."))
    False
    """
    if not entry or entry.get("status") != "ok" or not entry.get("inputs") or entry.get("inputs") != inputs:
        return False
    name, outputs = entry.get("name"), entry.get("outputs") or []
    if not isinstance(name, str) or not isinstance(outputs, list) or not entry.get("files_sha256"):
        return False
    return files_digest(tree, name, [str(o) for o in outputs]) == entry["files_sha256"]


def kit_inputs(runs, *, pdf: bool, paper: str, fingerprint: str, library: str) -> str:
    """sha256 over what the briefing kit (:mod:`cat_kz.publish.kit`) is made from: the reports
    listed (name, status, parameters, redaction level, their own ``inputs``), ``pdf``,
    ``paper``, the data and the library."""
    listed = [
        [run.name, run.status, run.redact, json.dumps(run.parameters, sort_keys=True, default=str), run.inputs]
        for run in runs
    ]
    facts = {"runs": listed, "pdf": bool(pdf), "paper": paper if pdf else None, "data": fingerprint, "library": library}
    return hashlib.sha256(json.dumps(facts, sort_keys=True, default=str).encode()).hexdigest()


def kit_files(tree: Path, runs, pdf: bool) -> list[Path]:
    """The files the kit leaves in ``tree`` for these runs."""
    # kept here: publish.kit loads the slides and the briefing (matplotlib, nbformat), which `import cat_kz.cli` must not
    from cat_kz.publish.kit import KEYFACTS, SLIDES, SOURCE

    files = [tree / KEYFACTS, tree / SLIDES, tree / SOURCE]
    if pdf:
        files.append(tree / "briefing.pdf")
    return files


def kit_files_digest(files: list[Path]) -> str | None:
    """sha256 over the kit's files; None if one is missing."""
    try:
        return digest_files(files[0].parent, files) if files else None
    except OSError:
        return None


def skip_iri_grammar() -> None:
    """Spare this process the 1-2 s jsonschema spends building an RFC 3987 grammar at import.

    When ``rfc3987_syntax`` is installed, ``import jsonschema`` (via nbformat,
    papermill) compiles an Earley parser for IRIs, used only to check the
    ``iri`` format, which no notebook schema uses. ``cat-kz report`` calls this
    before importing them; a library user's process is left as it is.
    """
    if "jsonschema" not in sys.modules:
        sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]
