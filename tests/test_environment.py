"""The three dependency files must agree.

* pyproject.toml   -- the ONE list of direct dependencies (lower bounds only)
* requirements.lock -- pip-tools lock: every package pinned with ``==``
* environment.yml  -- conda-forge environment: each direct dependency pinned
                      to the lock's version

These tests fail as soon as one of them drifts, naming the package and both
versions. Only the standard library and PyYAML are used.
"""

from __future__ import annotations

import importlib.metadata
import re
import sys
import tomllib
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = ROOT / "pyproject.toml"
LOCK = ROOT / "requirements.lock"
ENVIRONMENT = ROOT / "environment.yml"

# conda-forge package name -> PyPI distribution name, for the packages whose
# names differ. Keep this small; add an entry when environment.yml uses a
# conda-only name for a direct dependency.
CONDA_TO_PYPI = {
    # conda-forge's matplotlib without the Qt GUI (pulls in no pyqt).
    "matplotlib-base": "matplotlib",
}

# Conda entries that are tooling, not dependencies of the project.
CONDA_TOOLING = {"python", "pip"}

_NAME_RE = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)")


def normalize(name: str) -> str:
    """PEP 503 normalised project name: case-folded, runs of -_. become -."""
    return re.sub(r"[-_.]+", "-", name).lower()


def requirement_name(requirement: str) -> str:
    """The normalised project name of a PEP 508 requirement string."""
    match = _NAME_RE.match(requirement)
    if not match:
        raise ValueError(f"cannot parse a project name from {requirement!r}")
    return normalize(match.group(1))


# --------------------------------------------------------------- parsing


def direct_dependencies() -> set[str]:
    """Runtime dependencies plus the `test` extra, from pyproject.toml."""
    project = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]
    requirements = list(project.get("dependencies", []))
    requirements += project.get("optional-dependencies", {}).get("test", [])
    return {requirement_name(r) for r in requirements}


def requires_python() -> str:
    project = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]
    return project["requires-python"]


def project_name() -> str:
    project = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]
    return normalize(project["name"])


_LOCK_LINE_RE = re.compile(
    r"^(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?"
    r"\s*==\s*(?P<version>[^\s;\\]+)"
)


def lock_pins() -> dict[str, str]:
    """{normalised name: version} for every ``name==version`` line of the lock."""
    pins: dict[str, str] = {}
    for lineno, raw in enumerate(LOCK.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        # Comments ("# via ..."), blank lines, pip options (-e, --hash, ...)
        # and hash continuation lines are not pins.
        if not line or line.startswith(("#", "-")) or raw[:1].isspace():
            continue
        match = _LOCK_LINE_RE.match(line)
        assert match, f"{LOCK.name}:{lineno}: not pinned with '==': {raw!r}"
        pins[normalize(match.group("name"))] = match.group("version")
    return pins


def _split_conda_spec(spec: str) -> tuple[str, str | None]:
    """'pandas=3.1.1' / 'pandas==3.1.1' / 'pandas' -> (name, version or None)."""
    match = re.match(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:==?\s*([^\s=<>!,]+))?\s*$", spec)
    if not match:
        raise ValueError(f"unsupported dependency spec in environment.yml: {spec!r}")
    return match.group(1), match.group(2)


def environment() -> dict:
    return yaml.safe_load(ENVIRONMENT.read_text(encoding="utf-8"))


def environment_pins() -> tuple[dict[str, tuple[str, str | None]], str | None]:
    """Direct dependencies declared in environment.yml.

    Returns ({PyPI-normalised name: (as written, version)}, python version).
    Conda entries are mapped through CONDA_TO_PYPI; entries of the `pip:`
    subsection are PyPI names already. Pip options (``-e .``) are skipped.
    """
    pins: dict[str, tuple[str, str | None]] = {}
    python_version = None

    def add(key: str, written: str, version: str | None) -> None:
        assert key not in pins, f"environment.yml declares {key} twice"
        pins[key] = (written, version)

    for entry in environment().get("dependencies", []):
        if isinstance(entry, dict):
            for spec in entry.get("pip", []):
                if spec.strip().startswith("-"):
                    continue
                name, version = _split_conda_spec(spec)
                add(normalize(name), f"{spec} (pip)", version)
            continue
        name, version = _split_conda_spec(entry)
        conda_name = normalize(name)
        if conda_name == "python":
            python_version = version
        if conda_name in CONDA_TOOLING:
            continue
        add(normalize(CONDA_TO_PYPI.get(conda_name, conda_name)), entry, version)
    return pins, python_version


# ------------------------------------------ requires-python (stdlib only)


def _version_tuple(version: str) -> tuple[int, ...]:
    parts = []
    for part in version.split("."):
        if not part.isdigit():
            raise ValueError(f"only plain numeric versions are supported: {version!r}")
        parts.append(int(part))
    return tuple(parts)


def _pad(a: tuple[int, ...], b: tuple[int, ...]) -> tuple[tuple[int, ...], tuple[int, ...]]:
    width = max(len(a), len(b))
    return a + (0,) * (width - len(a)), b + (0,) * (width - len(b))


def satisfies(version: str, specifier_set: str) -> bool:
    """Does a plain numeric `version` satisfy a PEP 440 specifier set?

    Supports the operators found in requires-python: >=, <=, >, <, ==, !=
    (with optional trailing .*) and ~=.
    """
    v = _version_tuple(version)
    for spec in filter(None, (s.strip() for s in specifier_set.split(","))):
        match = re.match(r"^(~=|==|!=|<=|>=|<|>)\s*([0-9][0-9.]*?)(\.\*)?$", spec)
        if not match:
            raise ValueError(f"unsupported specifier {spec!r} in {specifier_set!r}")
        op, target, wildcard = match.group(1), _version_tuple(match.group(2)), match.group(3)
        if wildcard and op in ("==", "!="):
            prefix_equal = v[: len(target)] == target
            ok = prefix_equal if op == "==" else not prefix_equal
        elif op == "~=":
            lo, hi = _pad(v, target)
            ok = lo >= hi and v[: len(target) - 1] == target[:-1]
        else:
            a, b = _pad(v, target)
            ok = {
                "==": a == b,
                "!=": a != b,
                "<=": a <= b,
                ">=": a >= b,
                "<": a < b,
                ">": a > b,
            }[op]
        if not ok:
            return False
    return True


# ----------------------------------------------------------------- tests


def test_lock_pins_every_direct_dependency():
    pins = lock_pins()
    missing = sorted(direct_dependencies() - pins.keys())
    assert not missing, (
        f"direct dependencies of pyproject.toml not pinned in requirements.lock: {missing}; run `make lock`"
    )


def test_lock_excludes_the_project_itself():
    assert project_name() not in lock_pins(), (
        "requirements.lock pins the project itself; it is installed with `pip install --no-deps -e .`"
    )


def test_environment_yml_declares_exactly_the_direct_dependencies():
    env_pins, _ = environment_pins()
    direct = direct_dependencies()
    missing = sorted(direct - env_pins.keys())
    extra = sorted(env_pins.keys() - direct)
    assert not missing, f"environment.yml lacks direct dependencies of pyproject.toml: {missing}"
    assert not extra, (
        f"environment.yml declares packages that are not direct dependencies of "
        f"pyproject.toml: {extra} (if one is a conda-only name, add it to "
        f"CONDA_TO_PYPI in {Path(__file__).name})"
    )


def test_environment_yml_versions_match_lock():
    env_pins, _ = environment_pins()
    lock = lock_pins()
    problems = []
    for name in sorted(direct_dependencies() & env_pins.keys()):
        written, env_version = env_pins[name]
        lock_version = lock.get(name)
        if env_version is None:
            problems.append(
                f"{name}: environment.yml has {written!r} without a version, requirements.lock has {lock_version}"
            )
        elif env_version != lock_version:
            problems.append(
                f"{name}: environment.yml has {env_version} ({written!r}), requirements.lock has {lock_version}"
            )
    assert not problems, "environment.yml drifted from requirements.lock:\n  " + "\n  ".join(problems)


def test_environment_yml_python_satisfies_requires_python():
    _, python_version = environment_pins()
    spec = requires_python()
    assert python_version, "environment.yml must pin python (e.g. python=3.11)"
    # conda's `python=3.11` means any 3.11.x; checked at its lowest, 3.11.0.
    assert satisfies(python_version, spec), (
        f"environment.yml has python={python_version}, which does not satisfy "
        f"requires-python {spec!r} of pyproject.toml"
    )


def test_satisfies_helper():
    assert satisfies("3.11", ">=3.11")
    assert satisfies("3.12.1", ">=3.11,<4")
    assert not satisfies("3.10", ">=3.11")
    assert satisfies("3.11.4", "==3.11.*")
    assert not satisfies("3.12", "~=3.11.0")
    assert satisfies("3.11.9", "~=3.11.0")


def _installed_version(name: str) -> str | None:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return None


def _project_installed_here() -> bool:
    """Is this project installed into the running interpreter's environment?

    Only distributions under sys.prefix count: the ``cat_kz.egg-info`` that
    setuptools leaves in the source tree is importable from the working
    directory and must not make another interpreter look like the project venv.
    """
    prefix = Path(sys.prefix).resolve()
    for dist in importlib.metadata.distributions():
        if normalize(dist.metadata["Name"] or "") != project_name():
            continue
        if Path(dist.locate_file("")).resolve().is_relative_to(prefix):
            return True
    return False


def test_installed_versions_match_lock():
    if not _project_installed_here():
        pytest.skip(
            "cat-kz is not installed in this interpreter, so this is not the "
            "project venv (run `make install` / `make test`)"
        )
    lock = lock_pins()
    problems = []
    for name in sorted(direct_dependencies()):
        installed = _installed_version(name)
        if installed != lock.get(name):
            problems.append(f"{name}: installed {installed or 'nothing'}, requirements.lock has {lock.get(name)}")
    assert not problems, (
        "the running environment drifted from requirements.lock (re-run `make install`):\n  " + "\n  ".join(problems)
    )
