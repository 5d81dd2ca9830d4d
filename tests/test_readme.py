"""The README's generated section and its examples stay true."""

from __future__ import annotations

import contextlib
import io
import re

from cat_kz.files import PROJECT_ROOT
from cat_kz.model import schema, schema_doc

README = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
DATA_MODEL = (PROJECT_ROOT / "docs" / "data-model.md").read_text(encoding="utf-8")


def test_first_screen_says_what_this_is_the_two_commands_and_where_to_look():
    first_screen = "\n".join(README.splitlines()[:30])
    assert "Human Rights Watch" in first_screen and "Committee Against Torture" in first_screen
    commands = re.findall(r"^make (\w+)", first_screen, flags=re.MULTILINE)
    assert commands == ["install", "report"]
    assert "open `reports/index.html`" in first_screen
    assert "## Contents" in first_screen


def test_contents_link_every_section():
    sections = re.findall(r"^## (.+)$", README, flags=re.MULTILINE)
    contents = README.split("## Contents", 1)[1].split("\n## ", 1)[0]
    for title in sections:
        if title != "Contents":
            anchor = re.sub(r"[^a-z0-9 -]", "", title.lower()).replace(" ", "-")
            assert f"(#{anchor})" in contents, title


def test_data_model_reference_is_the_schema():
    assert schema_doc.replace_readme_section(DATA_MODEL) == DATA_MODEL, (
        "run: .venv/bin/cat-kz schema --write docs/data-model.md"
    )
    for name in schema.TABLES:
        assert f"### {name}\n" in DATA_MODEL
    assert "(docs/data-model.md)" in README
    assert "<!-- schema:start -->" not in README, "the reference lives in docs/data-model.md"


def test_console_examples_write_only_to_a_temporary_folder():
    """A reader who pastes the examples is left with no new file in the checkout."""
    blocks = re.findall(r"```console\n(.*?)```", README, flags=re.DOTALL)
    commands = [line for block in blocks for line in block.replace("\\\n", " ").splitlines()]
    runs = [line for line in commands if "papermill notebooks/" in line or "cat-kz report" in line]
    assert runs
    for line in runs:
        if "papermill" in line and "--help-notebook" not in line:
            assert '"$tmp/' in line and '-p output_dir "$tmp"' in line, line
        if "cat-kz report" in line and "--out" in line:
            assert '--out "$tmp/' in line, line


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
        assert f"`{value}`" in DATA_MODEL, value
