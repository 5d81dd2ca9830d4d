"""A campaign of bad input a user can type, replayed on every run of the suite.

Issue 13's fault-injection review tried 116 bad inputs and faults; the cases
it named are each a test in ``tests/test_faults.py``. This file widens the net
over every command of the ``cat-kz`` CLI: wrong options, values out of range,
missing, unreadable or wrong-kind files, hostile parameter files. Every try
must end in a clear error (exit 1 or 2, no traceback, the last line of stderr
saying what is wrong), leave no output folder or file behind and never print a
person's name. All of them fail before a notebook runs, so the campaign is quick.
(A bad parameter *value* is checked by the notebook itself: that notebook's
report fails with the reason and the others are rendered, see
``tests/publish/test_report.py``. A missing parent folder for ``slides -o`` or
``coverage -o`` is created, as for ``report --out``.)
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import cat_kz
from cat_kz.cli import main

BROKEN_PARAMS = {
    "missing.yaml": None,
    "latin1.yaml": "date_from: '2012'\n# caf\xe9\n".encode("latin-1"),
    "bomb.yaml": b"a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n",
    "tag.yaml": b"unit: !!python/object/apply:os.system ['echo hi']\n",
    "list.yaml": b"- unit\n- acts\n",
    "scalar.yaml": b"just text\n",
    "syntax.yaml": b"unit: [acts\n",
    "unknown.yaml": b"unti: acts\n",
    "huge.yaml": b"# " + b"x" * 2_000_000 + b"\n",
    "nul.yaml": b"unit: \x00acts\n",
    "per-notebook-unknown.yaml": b"02_abuse_methods:\n  unti: acts\n",
    "bad-key-type.yaml": b"1: acts\n",
}

#: (command line, what it tries). ``{tmp}`` is a private folder; ``{file}`` a plain
#: file in it; ``{params:NAME}`` one of BROKEN_PARAMS written into it.
TRIES: list[tuple[str, str]] = [
    # --- the command itself
    ("", "no command"),
    ("nonsense", "an unknown command"),
    ("--verbose validate", "an unknown global option"),
    # --- validate
    ("validate --data {tmp}/nowhere", "a data folder that does not exist"),
    ("validate --data {file}", "a file given as data folder"),
    ("validate --data {tmp}/empty", "an empty data folder"),
    ("validate extra", "an extra argument"),
    ("validate --data", "an option without its value"),
    # --- schema
    ("schema --write {tmp}/nowhere/model.md", "a file in a folder that does not exist"),
    ("schema --write {tmp}", "a folder given as file"),
    ("schema --write {file}", "a file without the data model section"),
    ("schema --write {tmp}/binary.txt", "a file that is not text"),
    ("schema --write {file}/model.md", "a file inside a file"),
    # --- report: options
    ("report --out {tmp}/r --notebooks nope", "an unknown notebook"),
    ("report --out {tmp}/r --notebooks 01_timeline 99_nope", "one known, one unknown notebook"),
    ("report --out {tmp}/r --jobs 0", "no jobs"),
    ("report --out {tmp}/r --jobs -2", "negative jobs"),
    ("report --out {tmp}/r --jobs many", "jobs not a number"),
    ("report --out {tmp}/r --redact everyone", "an unknown redaction level"),
    ("report --out {tmp}/r --paper A3", "an unknown paper size"),
    ("report --out {tmp}/r --kernel no-such-kernel", "a kernel that is not installed"),
    ("report --out {file}", "a file given as output folder"),
    ("report --out {tmp}/r --notebooks", "--notebooks without a name"),
    ("report --out {tmp}/r -p unit", "a parameter without its value"),
    # --- report: parameters
    ("report --out {tmp}/r -p unti acts", "a misspelt parameter"),
    ("report --out {tmp}/r -p UNIT acts", "a parameter in the wrong case"),
    ("report --out {tmp}/r -p '' acts", "an empty parameter name"),
    (
        "report --out {tmp}/r --notebooks 01_timeline -p people 'Nobody Atall' --redact victims",
        "an unknown person, redacted",
    ),
    (
        "report --out {tmp}/r --notebooks 01_timeline -p people Tuletaevaa --redact victims",
        "a misspelt surname, redacted",
    ),
    # --- report: parameter files
    ("report --out {tmp}/r -f {params:missing.yaml}", "a parameter file that does not exist"),
    ("report --out {tmp}/r -f {tmp}", "a folder given as parameter file"),
    ("report --out {tmp}/r -f {params:latin1.yaml}", "a parameter file not in UTF-8"),
    ("report --out {tmp}/r -f {params:bomb.yaml}", "a YAML alias bomb"),
    ("report --out {tmp}/r -f {params:tag.yaml}", "a YAML object tag"),
    ("report --out {tmp}/r -f {params:list.yaml}", "a YAML list, not a mapping"),
    ("report --out {tmp}/r -f {params:scalar.yaml}", "a YAML scalar, not a mapping"),
    ("report --out {tmp}/r -f {params:syntax.yaml}", "a YAML syntax error"),
    ("report --out {tmp}/r -f {params:unknown.yaml}", "a misspelt parameter in a file"),
    ("report --out {tmp}/r -f {params:huge.yaml}", "a 2 MB parameter file"),
    ("report --out {tmp}/r -f {params:nul.yaml}", "a NUL byte in a parameter file"),
    ("report --out {tmp}/r -f {params:per-notebook-unknown.yaml}", "a misspelt parameter for one notebook"),
    ("report --out {tmp}/r -f {params:bad-key-type.yaml}", "a number as parameter name"),
    # --- slides
    ("slides -o {tmp}", "a folder given as deck file"),
    ("slides -o {file}/deck.html", "a deck inside a file"),
    ("slides -o {tmp}/deck.html -p unti acts", "a misspelt parameter"),
    ("slides -o {tmp}/deck.html --redact everyone", "an unknown redaction level"),
    ("slides -o {tmp}/deck.html -f {params:tag.yaml}", "a YAML object tag"),
    ("slides -o {tmp}/deck.html -f {params:missing.yaml}", "a parameter file that does not exist"),
    # --- export
    ("export --out {tmp}/e --format csv", "an unknown format"),
    ("export --out {file}", "a file given as output folder"),
    ("export --out {tmp}/e --data {tmp}/nowhere", "a data folder that does not exist"),
    ("export --out {tmp}/e --data {tmp}/empty", "an empty data folder"),
    ("export --out {tmp}/e --redact everyone", "an unknown redaction level"),
    # --- coverage
    ("coverage {tmp}/nowhere.txt", "a source text that does not exist"),
    ("coverage {tmp}", "a folder given as source text"),
    ("coverage {tmp}/binary.txt", "a binary file given as source text"),
    ("coverage --data {tmp}/nowhere", "a data folder that does not exist"),
    ("coverage {tmp}/source.txt -o {file}/out.csv", "mentions into a folder that is a file"),
    # --- dashboard (commands printed, never served)
    ("dashboard --print-command --port 70000", "a port beyond 65535"),
    ("dashboard --print-command --port -1", "a negative port"),
    ("dashboard --print-command --port http", "a port not a number"),
    ("dashboard --print-command --cull-after -5", "a negative idle time"),
    ("dashboard --print-command --max-kernels -1", "a negative kernel ceiling"),
    ("dashboard --print-command --pool-size -1", "a negative pool"),
    ("dashboard --print-command --pool-size 9 --max-kernels 8", "more ready kernels than allowed"),
    ("dashboard --print-command --token 'a b'", "a token with a space"),
    ("dashboard --print-command --redact none", "a dashboard without redaction through --redact"),
    ("dashboard --print-command --redact everyone", "an unknown redaction level"),
    ("dashboard --print-command --host 0.0.0.0 --token ''", "an empty token beyond this machine"),
    ("dashboard --print-command --host 'bad host!'", "a host that is not an address"),
    ("dashboard --print-command --token 'tab\there'", "a token with a tab"),
]


def _names() -> list[str]:
    people = cat_kz.load_people()
    return [name for name in people["name"] if name and not name.startswith("[")]


NAMES = _names()


def _argv(line: str, tmp: Path) -> list[str]:
    import shlex

    words = []
    for word in shlex.split(line):
        if word.startswith("{params:"):
            name = word[len("{params:") : -1]
            content = BROKEN_PARAMS[name]
            if content is not None:
                (tmp / name).write_bytes(content)
            word = str(tmp / name)
        words.append(word.replace("{tmp}", str(tmp)).replace("{file}", str(tmp / "plain.txt")))
    return words


@pytest.fixture
def playground(tmp_path: Path) -> Path:
    (tmp_path / "plain.txt").write_text("not a cat-kz file\n")
    (tmp_path / "empty").mkdir()
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 4)
    (tmp_path / "source.txt").write_text("On December 16, 2011, 12 people were killed.\n")
    return tmp_path


@pytest.mark.parametrize(("line", "what"), TRIES, ids=[what for _, what in TRIES])
def test_a_bad_input_ends_in_a_clear_error(playground, capsys, monkeypatch, line, what):
    monkeypatch.chdir(playground)  # defaults such as reports/ and slides.html land here, if anywhere
    before = sorted(p.relative_to(playground).as_posix() for p in playground.rglob("*"))
    try:
        code = main(_argv(line, playground))
    except SystemExit as exit_:  # argparse
        code = exit_.code
    out, err = capsys.readouterr()
    assert code in (1, 2), f"{what}: exit {code!r}"
    assert "Traceback" not in out + err, f"{what}: a traceback"
    last = err.strip().splitlines()[-1] if err.strip() else ""
    assert last and len(last) <= 400, f"{what}: stderr should end in one clear line, not {err!r}"
    leaked = [
        name for name in NAMES if name.lower() in (out + err).lower() or name.split()[-1].lower() in (out + err).lower()
    ]
    assert leaked == [], f"{what}: names in the output"
    after = sorted(p.relative_to(playground).as_posix() for p in playground.rglob("*") if not p.name.endswith(".yaml"))
    assert [p for p in after if p not in before and not p.startswith(".")] == [], f"{what}: left files behind"
    assert not [
        p
        for p in os.listdir(playground)
        if p.startswith(".") and p.endswith(".cat-kz") and any((playground / p).glob("staging-*"))
    ]


def test_the_campaign_covers_every_command():
    from cat_kz.cli import build_parser

    commands = {line.split()[0] for line, _ in TRIES if line}
    choices = next(a for a in build_parser()._actions if a.dest == "command").choices
    assert set(choices) - {"lab"} <= commands  # lab passes its arguments to JupyterLab
