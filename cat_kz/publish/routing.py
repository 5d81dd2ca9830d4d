"""Parameters from the command line (``-p``, ``-f params.yaml``) to the notebooks that declare them.

Each notebook's parameters are read with ``papermill.inspect_notebook``; a value
given as text is converted to the type the notebook declares; a name no selected
notebook declares is an error before anything runs.

>>> from cat_kz.publish.routing import convert_value
>>> convert_value("2012-01-01", "str"), convert_value("false", "bool"), convert_value("China,Uzbekistan", "list[str]")
('2012-01-01', False, ['China', 'Uzbekistan'])
"""

from __future__ import annotations

import datetime
import errno
import json
from collections.abc import Hashable, Iterable, Mapping, Sequence
from pathlib import Path

from cat_kz.dataset.cells import FALSE_WORDS, TRUE_WORDS
from cat_kz.errors import ReportError
from cat_kz.files import read_regular
from cat_kz.publish.notebooks import NOTEBOOKS, notebook_path


def declared_parameters(names: Iterable[str]) -> dict[str, dict[str, str]]:
    """For each notebook, its parameters and their declared type names."""
    import papermill  # heavy: loads nbclient and the kernel machinery; only the notebooks' parameters need it

    return {
        name: {
            p: info["inferred_type_name"] for p, info in papermill.inspect_notebook(str(notebook_path(name))).items()
        }
        for name in names
    }


def convert_value(value: object, type_name: str) -> object:
    """Convert a value given as text to the declared type; typed values pass through.

    Lists accept JSON (``'["China"]'``) or commas (``China,Uzbekistan``); an empty
    string is an empty list.
    """
    if isinstance(value, datetime.date):  # an unquoted YAML date: papermill stores parameters as JSON
        return value.isoformat()
    if not isinstance(value, str) or type_name in ("str", "None", None):
        return value
    text = value.strip()
    if type_name == "bool":
        if text.lower() in TRUE_WORDS:
            return True
        if text.lower() in FALSE_WORDS:
            return False
        raise ValueError(f"{value!r} is not a boolean (true or false)")
    if type_name == "int":
        if len(text.lstrip("+-")) > MAX_DIGITS and text.lstrip("+-").isdigit():
            raise ValueError(f"whole number out of range (at most {MAX_DIGITS} digits)")
        try:
            return int(text)
        except ValueError:
            raise ValueError(f"{value[:40]!r} is not a whole number") from None
    if type_name == "float":
        try:
            return float(text)
        except ValueError:
            raise ValueError(f"{value!r} is not a number") from None
    if type_name.startswith("list"):
        if text.startswith("["):
            try:
                parsed = json.loads(text)
            except json.JSONDecodeError as error:
                raise ValueError(f"{value!r} is not a JSON list ({error.msg})") from None
            if not isinstance(parsed, list):
                raise ValueError(f"{value!r} is not a list")
            return parsed
        return [item.strip() for item in text.split(",") if item.strip()]
    return value


#: A parameters file larger than this is refused (real ones are a few hundred bytes).
PARAMS_FILE_LIMIT = 64 * 1024


#: Whole numbers given as parameters have at most this many digits.
MAX_DIGITS = 15


def _unique_keys_loader(yaml):
    """A SafeLoader that refuses a key given twice in one mapping (PyYAML keeps the last silently)."""

    class UniqueKeys(yaml.SafeLoader):
        def construct_mapping(self, node, deep=False):
            seen = set()
            for key_node, _ in node.value:
                key = self.construct_object(key_node, deep=deep)
                if not isinstance(key, Hashable):
                    raise yaml.constructor.ConstructorError(
                        None, None, "a parameter's name must be text, not a list or a mapping", key_node.start_mark
                    )
                if key in seen:
                    raise yaml.constructor.ConstructorError(
                        None, None, f"{key!r} is given twice; keep one", key_node.start_mark
                    )
                seen.add(key)
            return super().construct_mapping(node, deep=deep)

    return UniqueKeys


def read_params_file(path: Path | str) -> dict:
    """A YAML mapping: ``name: value`` for every notebook, or ``<notebook>: {name: value}`` for one.

    Refused with a one-line :class:`ReportError`: a file over
    :data:`PARAMS_FILE_LIMIT`, bytes that are not UTF-8 (by line and column),
    YAML anchors and aliases (an alias bomb expands a few hundred bytes into
    gigabytes), tags that build objects, and anything but a mapping.
    """
    import yaml  # heavy: only a --params file needs it

    path = Path(path)
    try:  # a FIFO, a device (-f /dev/zero) or a folder is refused at once, never waited on or read whole
        data = read_regular(path, PARAMS_FILE_LIMIT)
    except OSError as error:
        if error.errno == errno.EFBIG:
            raise ReportError(
                f"{path}: a parameters file is at most {PARAMS_FILE_LIMIT // 1024} KB; this one is larger"
            ) from None
        raise ReportError(f"{path}: cannot read parameters ({error.strerror or error})") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        raise ReportError(
            f"{path}: line {line}, column {column}: byte 0x{data[error.start]:02x} is not UTF-8; save the file as UTF-8"
        ) from None
    try:
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                mark = event.start_mark
                raise ReportError(
                    f"{path}: line {mark.line + 1}: YAML anchors and aliases (& and *) are not allowed; write each value out"
                )
        loaded = yaml.load(text, Loader=_unique_keys_loader(yaml))  # a SafeLoader that refuses repeated keys
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        reason = getattr(error, "problem", None) or str(error).splitlines()[0]
        raise ReportError(f"{path}: {where}cannot read parameters ({reason})") from None
    if loaded is None:
        return {}
    if not isinstance(loaded, dict):
        raise ReportError(f"{path}: expected a mapping of parameter names to values")
    return loaded


def route_parameters(
    names: Sequence[str],
    given: Mapping[str, object],
    declared: Mapping[str, Mapping[str, str]] | None = None,
) -> dict[str, dict]:
    """Give each notebook the parameters it declares, converted to its types.

    ``given`` maps a parameter name to a value for every notebook that declares
    it, or a notebook name to a mapping of its own parameters (which win).
    """
    declared = declared if declared is not None else declared_parameters(names)
    known = sorted({p for params in declared.values() for p in params})
    routed: dict[str, dict] = {name: {} for name in names}
    shared = {k: v for k, v in given.items() if k not in NOTEBOOKS}
    specific = {k: v for k, v in given.items() if k in NOTEBOOKS}
    reserved = [k for k in shared if k == "output_dir"] + [
        notebook for notebook, values in specific.items() if isinstance(values, Mapping) and "output_dir" in values
    ]
    if reserved:
        raise ReportError("output_dir is set by the report: each notebook's figures and tables go beside its HTML")
    unknown = [k for k in shared if k not in known]
    if unknown:
        raise ReportError(
            f"unknown parameter(s) {', '.join(map(repr, unknown))}: no selected notebook declares "
            f"{'it' if len(unknown) == 1 else 'them'}; known parameters: {', '.join(known)}"
        )
    for notebook, values in specific.items():
        if notebook not in names:
            raise ReportError(f"parameters for {notebook!r}, which is not selected ({', '.join(names)})")
        if not isinstance(values, Mapping):
            raise ReportError(f"parameters for {notebook!r} must be a mapping of names to values")
        stray = [k for k in values if k not in declared[notebook]]
        if stray:
            raise ReportError(
                f"{notebook} does not declare {', '.join(map(repr, stray))}; it declares {', '.join(declared[notebook])}"
            )
    for name in names:
        merged = {k: v for k, v in shared.items() if k in declared[name]} | dict(specific.get(name, {}))
        for key, value in merged.items():
            try:
                routed[name][key] = convert_value(value, declared[name][key])
            except ValueError as error:
                raise ReportError(f"parameter {key} for {name}: {error}") from None
    return routed


def given_parameters(args) -> dict:
    """The parameters of a command line: ``-f PARAMS.yaml``, then each ``-p NAME VALUE`` (which wins)."""
    given: dict[str, object] = {}
    if args.params_file:
        given.update(read_params_file(args.params_file))
    for name, value in args.param or []:
        given[name] = value
    return given
