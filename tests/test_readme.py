"""The README's generated section and its examples stay true."""

from __future__ import annotations

import contextlib
import io
import re

from cat_kz import schema
from cat_kz.paths import PROJECT_ROOT

README = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")


def test_readme_shows_the_two_commands_first():
    commands = re.findall(r"^make (\w+)", README, flags=re.MULTILINE)
    assert commands[:2] == ["report", "test"]


def test_data_model_section_is_the_schema():
    assert schema.replace_readme_section(README) == README, "run: .venv/bin/cat-kz schema --write README.md"
    for name in schema.TABLES:
        assert f"### {name}\n" in README


def test_python_examples_run_as_written():
    blocks = re.findall(r"```python\n(.*?)```", README, flags=re.DOTALL)
    assert blocks
    output = io.StringIO()
    for block in blocks:
        with contextlib.redirect_stdout(output):
            exec(compile(block, "README.md", "exec"), {})  # each block runs as written
    assert "asphyxiation" in output.getvalue()  # the usage example prints the tally


def test_every_vocabulary_value_is_documented():
    for value in [*schema.EVENT_CATEGORIES, *schema.METHOD_CATEGORIES, *schema.ALLEGED_BY, *schema.ROLES]:
        assert f"`{value}`" in README, value
