"""Finding a server's or a run's notebook kernels among its child processes."""

from __future__ import annotations


def kernel_processes(pid: int) -> list:
    """The ipykernel processes below ``pid`` (psutil processes; one that ends meanwhile is skipped)."""
    import psutil  # only the tests that start servers need it

    found = []
    for process in psutil.Process(pid).children(recursive=True):
        try:
            if "ipykernel" in " ".join(process.cmdline()):
                found.append(process)
        except psutil.Error:  # ended meanwhile
            pass
    return found
