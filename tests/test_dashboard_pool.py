"""The dashboard's preheated kernel: ready before any viewer, under the redaction lock, within the ceiling."""

from __future__ import annotations

import os
import socket
import subprocess
import time
import urllib.request

import pytest

from cat_kz.publish.dashboard import dashboard_command, stop_server
from tests.helpers.kernels import kernel_processes

pytestmark = pytest.mark.notebooks


def test_pool_size_never_passes_the_kernel_ceiling():
    command = " ".join(dashboard_command(max_kernels=1, pool_size=3))
    assert "--pool_size=1" in command and "--CappedKernelManager.max_kernels=1" in command
    assert "--preheat_kernel" not in " ".join(dashboard_command(pool_size=0))


def test_the_preheated_kernel_starts_under_the_redaction_lock_and_serves_the_first_viewer(tmp_path):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    log_path = tmp_path / "voila.log"
    env = dict(os.environ, CAT_KZ_REDACT="victims")  # what `cat-kz dashboard --redact victims` sets
    with open(log_path, "w") as log:
        server = subprocess.Popen(
            dashboard_command(port, max_kernels=2),
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + 180
        while not kernel_processes(server.pid):  # no viewer yet: the pool's kernel starts on its own
            assert time.monotonic() < deadline and server.poll() is None, log_path.read_text()[-2000:]
            time.sleep(0.5)
        [pooled] = kernel_processes(server.pid)
        assert pooled.environ().get("CAT_KZ_REDACT") == "victims"
        while "is filled with 1 kernel" not in log_path.read_text():
            assert time.monotonic() < deadline, log_path.read_text()[-2000:]
            time.sleep(0.5)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=120) as answer:  # noqa: S310
            assert answer.status == 200 and "Explorer" in answer.read().decode()
        assert "Using pre-heated kernel" in log_path.read_text()
        assert len(kernel_processes(server.pid)) <= 2
    finally:
        stop_server(server)
