"""Speed targets of issue 15, measured on this machine and printed as ratios or times.

1. ``import cat_kz`` <= 1.3 x ``import pandas`` (median of 5 fresh processes each).
2. The first ``load_dataset()`` in a fresh process <= 0.25 s (median of 5).
3. Scale, on synthetic datasets of 10k, 100k and 1M acts (``cat_kz.dataset.synthetic``):
   load + full validation <= 3 x plain ``pandas.read_csv`` of the same files
   (best of ``--repeat`` runs each, in a fresh process per size), and
   time(1M) / time(100k) <= 12; peak memory (max RSS) is printed.
4. ``pytest`` of the whole suite (as ``make test`` runs it) <= 150 s (``--suite``;
   it takes minutes, so it is opt-in).

Each line ends in "met" or "NOT MET"; exits 1 if a target is missed. Run:
``make benchmark`` or ``python benchmarks/bench_speed.py [--sizes 10000 100000] [--suite]``.
Never part of ``make test``: timings belong here, not in assertions.
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET_IMPORT = 1.3
TARGET_FIRST_LOAD = 0.25
TARGET_SCALE = 3.0
TARGET_LINEAR = 12.0
TARGET_SUITE = 150.0


def verdict(ok: bool) -> str:
    return "met" if ok else "NOT MET"


def fresh(code: str) -> float:
    """Wall time of a fresh interpreter running *code* (startup included)."""
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)
    return time.perf_counter() - started


def bench_import(runs: int = 5) -> bool:
    pandas = statistics.median(fresh("import pandas") for _ in range(runs))
    ours = statistics.median(fresh("import cat_kz") for _ in range(runs))
    ratio = ours / pandas
    print(
        f"import: cat_kz {ours:.2f} s / pandas {pandas:.2f} s = {ratio:.2f} (target <= {TARGET_IMPORT}, median of {runs}): {verdict(ratio <= TARGET_IMPORT)}"
    )
    return ratio <= TARGET_IMPORT


def bench_first_load(runs: int = 5) -> bool:
    code = "import time, cat_kz; t = time.perf_counter(); cat_kz.load_dataset(); print(time.perf_counter() - t)"
    times = [
        float(subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True, cwd=ROOT).stdout)
        for _ in range(runs)
    ]
    first = statistics.median(times)
    print(
        f"first load_dataset(): {first:.3f} s (target <= {TARGET_FIRST_LOAD} s, median of {runs}): {verdict(first <= TARGET_FIRST_LOAD)}"
    )
    return first <= TARGET_FIRST_LOAD


def child(data_dir: str, what: str, repeat: int) -> None:
    """In a fresh process: best time of *what* on *data_dir* and the peak memory, as JSON."""
    import pandas as pd

    import cat_kz

    files = sorted(glob.glob(os.path.join(data_dir, "*.csv")))

    def work() -> None:
        if what == "read_csv":
            for file in files:
                pd.read_csv(file)
        else:
            cat_kz.clear_cache()
            cat_kz.load_dataset(data_dir)

    times = []
    for _ in range(repeat):
        started, cpu = time.perf_counter(), time.process_time()
        work()
        times.append((time.perf_counter() - started, time.process_time() - cpu))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    wall, cpu = min(times)
    print(json.dumps({"seconds": wall, "cpu": cpu, "peak_mb": peak}))


def measure(data_dir: Path, what: str, repeat: int) -> dict:
    done = subprocess.run(
        [sys.executable, __file__, "--child", str(data_dir), what, str(repeat)],
        check=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    return json.loads(done.stdout.splitlines()[-1])


def bench_scale(sizes: list[int], repeat: int) -> bool:
    from cat_kz.dataset.synthetic import write_synthetic

    ok = True
    loads: dict[int, float] = {}
    cpus: dict[int, float] = {}
    with tempfile.TemporaryDirectory(prefix="cat-kz-scale-") as tmp:
        for acts in sizes:
            folder = Path(tmp) / f"acts-{acts}"
            started = time.perf_counter()
            rows = write_synthetic(folder, acts)
            written = time.perf_counter() - started
            megabytes = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1e6
            base = measure(folder, "read_csv", repeat)
            load = measure(folder, "load", repeat)
            loads[acts], cpus[acts] = load["seconds"], load["cpu"]
            ratio = load["seconds"] / base["seconds"]
            ok &= ratio <= TARGET_SCALE
            print(
                f"scale {acts:>9,} acts ({sum(rows.values()):,} rows, {megabytes:,.0f} MB, written in {written:.0f} s): "
                f"load + validation {load['seconds']:.2f} s (cpu {load['cpu']:.2f} s), "
                f"read_csv {base['seconds']:.2f} s (cpu {base['cpu']:.2f} s, its parser uses threads), "
                f"ratio {ratio:.2f} (target <= {TARGET_SCALE}): {verdict(ratio <= TARGET_SCALE)}; "
                f"peak memory {load['peak_mb']:,.0f} MB (read_csv alone {base['peak_mb']:,.0f} MB)"
            )
            shutil_rmtree(folder)
    big, small = max(loads), sorted(loads)[-2] if len(loads) > 1 else None
    if small is not None:
        growth, cpu_growth = loads[big] / loads[small], cpus[big] / cpus[small]
        linear = TARGET_LINEAR * big / small / 10  # 12 for a tenfold size
        ok &= growth <= linear
        print(
            f"linearity: time({big:,}) / time({small:,}) = {growth:.1f} (target <= {linear:g}): {verdict(growth <= linear)}; "
            f"in cpu time {cpu_growth:.1f} ({verdict(cpu_growth <= linear)}; wall time counts other processes on a shared machine)"
        )
    return ok


def shutil_rmtree(folder: Path) -> None:
    import shutil

    shutil.rmtree(folder, ignore_errors=True)


def make_test_args() -> list[str]:
    """The pytest-xdist arguments ``make test`` passes: the Makefile's ``XDIST ?=`` line."""
    for line in (ROOT / "Makefile").read_text().splitlines():
        if line.startswith("XDIST ?="):
            return line.split("=", 1)[1].split()
    return []


def bench_suite() -> bool:
    started = time.perf_counter()
    command = [sys.executable, "-m", "pytest", *make_test_args(), "-q", "-p", "no:cacheprovider"]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    summary = (done.stdout.strip().splitlines() or ["(no output)"])[-1]
    ok = elapsed <= TARGET_SUITE and done.returncode == 0
    print(
        f"test suite: pytest {' '.join(command[3:])}: {elapsed:.0f} s, {summary} (target <= {TARGET_SUITE:g} s, all passing): {verdict(ok)}"
    )
    return ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000], help="synthetic sizes in acts"
    )
    parser.add_argument("--repeat", type=int, default=2, help="runs per scale measurement; the best counts (default 2)")
    parser.add_argument("--suite", action="store_true", help="also time the whole pytest suite (minutes)")
    parser.add_argument("--child", nargs=3, metavar=("DIR", "WHAT", "REPEAT"), help=argparse.SUPPRESS)
    options = parser.parse_args(argv)
    if options.child:
        child(options.child[0], options.child[1], int(options.child[2]))
        return 0
    print(f"cores: {os.cpu_count()}; load average {os.getloadavg()[0]:.1f} (timings on a busy machine are pessimistic)")
    results = [bench_import(), bench_first_load(), bench_scale(sorted(options.sizes), options.repeat)]
    if options.suite:
        results.append(bench_suite())
    else:
        print("test suite: not measured (add --suite; takes minutes)")
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
