"""Stand-ins for a notebook run, so publishing can be tested without a kernel."""

from __future__ import annotations

from pathlib import Path

from cat_kz.publish.runs import NotebookRun


class fake_notebook:  # noqa: N801 (used like a function)
    """A stand-in for render_one (forked workers see it) writing ``html`` as the report."""

    def __init__(self, html: str, status: str = "ok"):
        self.html, self.status = html, status

    def __call__(self, name, parameters, stage, with_code, kernel):
        stage = Path(stage)
        (stage / name).mkdir(parents=True, exist_ok=True)
        (stage / name / "table.csv").write_text("a\n1\n")
        (stage / f"{name}.html").write_text(self.html)
        return NotebookRun(
            name,
            dict(parameters),
            status=self.status,
            outputs=["table.csv"],
            error=None if self.status == "ok" else "cell [3]: ValueError: bad",
        )


GOOD = "<!DOCTYPE html><html><body>good report</body></html>\n"
