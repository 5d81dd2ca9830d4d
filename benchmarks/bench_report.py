"""Speed targets for `cat-kz report`, as ratios measured in one run on this machine.

1. Rendering the suite with the defaults takes at most 1.5 x as long as papermill
   plus nbconvert rendering the same number of notebooks that only import pandas
   and matplotlib and save one figure (run one after another, as a plain script would).
2. With --jobs 2 on 2 cores the suite takes at most 0.65 x as long as with --jobs 1.
3. ``cat-kz report`` run again with nothing changed (every report reused, none
   executed) takes at most 2 s, command start to exit.

Each timing is the best of ``--repeat`` runs. Prints both ratios; exits 1 if a
target is missed. Run: ``make benchmark`` (not part of ``make test``).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_notebook

from cat_kz.publish.notebooks import NOTEBOOKS
from cat_kz.publish.report import render

TARGET_SUITE = 1.5
TARGET_JOBS = 0.65
TARGET_UNCHANGED = 2.0  # seconds

BASELINE_CODE = """
import pandas as pd
import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
fig, ax = plt.subplots()
pd.Series([1, 3, 2]).plot(ax=ax)
fig.savefig("figure.png", dpi=200)
"""


def best_of(repeat: int, work) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return min(times)


def baseline(count: int, folder: Path) -> None:
    import papermill
    from nbconvert import HTMLExporter

    folder.mkdir(parents=True, exist_ok=True)
    for index in range(count):
        source = folder / f"plain_{index}.ipynb"
        nb = new_notebook(cells=[new_code_cell(BASELINE_CODE)])
        nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
        nbformat.write(nb, source)
        executed = folder / f"plain_{index}.out.ipynb"
        papermill.execute_notebook(str(source), str(executed), progress_bar=False, cwd=str(folder))
        body, _ = HTMLExporter(template_name="lab", embed_images=True).from_notebook_node(
            nbformat.read(executed, as_version=4)
        )
        (folder / f"plain_{index}.html").write_text(body)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=2, help="runs per measurement; the best counts (default 2)")
    options = parser.parse_args(argv)
    quiet = lambda _line: None  # noqa: E731
    with tempfile.TemporaryDirectory(prefix="cat-kz-bench-") as tmp:
        root = Path(tmp)
        base = best_of(options.repeat, lambda: baseline(len(NOTEBOOKS), root / "baseline"))
        # force: each repeat renders the whole suite (an unchanged run would reuse it)
        suite = best_of(options.repeat, lambda: render(root / "suite", force=True, echo=quiet))
        one = best_of(options.repeat, lambda: render(root / "jobs1", jobs=1, force=True, echo=quiet))
        two = best_of(options.repeat, lambda: render(root / "jobs2", jobs=2, force=True, echo=quiet))
        unchanged, reused = unchanged_run(root / "suite", options.repeat)
    suite_ratio, jobs_ratio = suite / base, two / one
    print(f"cores: {os.cpu_count()}; notebooks: {len(NOTEBOOKS)}; best of {options.repeat}")
    print(f"baseline (papermill + nbconvert, plain notebooks): {base:6.1f} s")
    print(f"suite with defaults:                               {suite:6.1f} s")
    print(f"suite --jobs 1: {one:6.1f} s   --jobs 2: {two:6.1f} s")
    ok_suite, ok_jobs = suite_ratio <= TARGET_SUITE, jobs_ratio <= TARGET_JOBS
    ok_unchanged = unchanged <= TARGET_UNCHANGED and reused == len(NOTEBOOKS)
    print(f"ratio suite / baseline = {suite_ratio:.2f} (target <= {TARGET_SUITE}): {'met' if ok_suite else 'NOT MET'}")
    print(f"ratio jobs 2 / jobs 1  = {jobs_ratio:.2f} (target <= {TARGET_JOBS}): {'met' if ok_jobs else 'NOT MET'}")
    print(
        f"unchanged re-run: `cat-kz report` {unchanged:.2f} s, {reused}/{len(NOTEBOOKS)} reports reused "
        f"(target <= {TARGET_UNCHANGED:.0f} s, all reused): {'met' if ok_unchanged else 'NOT MET'}"
    )
    return 0 if ok_suite and ok_jobs and ok_unchanged else 1


def unchanged_run(out: Path, repeat: int) -> tuple[float, int]:
    """Best wall time of ``cat-kz report --out OUT`` (a fresh process) on a folder already up to date."""
    command = [sys.executable, "-m", "cat_kz.cli", "report", "--out", str(out)]
    subprocess.run(command, check=True, capture_output=True)  # brings the folder up to date
    seconds = best_of(repeat, lambda: subprocess.run(command, check=True, capture_output=True))
    index = json.loads((out / "index.json").read_text(encoding="utf-8"))
    return seconds, sum(1 for entry in index["reports"] if entry.get("reused"))


if __name__ == "__main__":
    sys.exit(main())
