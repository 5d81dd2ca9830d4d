"""The dashboard's token never on a command line, its kernel cap under viewers arriving together,
and a port in use refused (issue 25)."""

from __future__ import annotations

import os
import socket
import subprocess
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest

import cat_kz.cli
from cat_kz.cli import main
from cat_kz.publish.dashboard import TOKEN_VARIABLE, dashboard_command, server_environment, stop_server
from tests.helpers.kernels import kernel_processes


def _started(monkeypatch) -> list:
    started = []
    monkeypatch.setattr(cat_kz.cli.os, "execve", lambda *args: started.append(args))
    monkeypatch.setattr("cat_kz.publish.dashboard.port_in_use", lambda host, port: False)
    return started


def test_the_token_is_never_on_the_servers_command_line(monkeypatch, tmp_path, capsys):
    started = _started(monkeypatch)
    secret = tmp_path / "token"
    secret.write_text("from-a-file\n", encoding="utf-8")
    assert main(["dashboard", "--host", "0.0.0.0", "--token-file", str(secret), "--port", "9001"]) == 0
    _, argv, env = started[-1]
    assert not any("from-a-file" in a for a in argv) and env[TOKEN_VARIABLE] == "from-a-file"
    assert ":9001/?token=from-a-file" in capsys.readouterr().out
    monkeypatch.setenv(TOKEN_VARIABLE, "from-the-env")
    assert main(["dashboard", "--host", "0.0.0.0"]) == 0
    _, argv, env = started[-1]
    assert not any("from-the-env" in a or "token" in a.lower() for a in argv) and env[TOKEN_VARIABLE] == "from-the-env"
    monkeypatch.delenv(TOKEN_VARIABLE)
    assert main(["dashboard", "--host", "0.0.0.0"]) == 0  # generated
    _, argv, env = started[-1]
    assert len(env[TOKEN_VARIABLE]) > 16 and not any(env[TOKEN_VARIABLE] in a for a in argv)
    assert main(["dashboard"]) == 0  # this machine only: no token
    assert TOKEN_VARIABLE not in started[-1][2]


def test_an_empty_token_file_is_refused_in_one_line(tmp_path, capsys):
    (tmp_path / "empty").write_text("\n", encoding="utf-8")
    assert main(["dashboard", "--host", "0.0.0.0", "--token-file", str(tmp_path / "empty")]) == 2
    assert capsys.readouterr().err.strip().endswith("holds no token")


def test_a_port_in_use_is_an_error_not_another_port(capsys):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        assert main(["dashboard", "--port", str(port)]) == 2
    err = capsys.readouterr().err
    assert f"port {port} on 127.0.0.1 is in use" in err and len(err.strip().splitlines()) == 1
    assert "--Voila.port_retries=0" in dashboard_command(port)  # Voila itself never moves on either


@pytest.mark.slow
@pytest.mark.notebooks
def test_the_kernel_cap_holds_for_five_viewers_at_once_and_ps_shows_no_token(tmp_path):
    import psutil

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}/"
    log = open(tmp_path / "voila.log", "w")
    server = subprocess.Popen(
        dashboard_command(port, "0.0.0.0", max_kernels=2, pool_size=0),
        env=server_environment(dict(os.environ), "t0ken-secret"),
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )

    def get(address):
        try:
            with urllib.request.urlopen(address, timeout=180) as answer:  # noqa: S310
                return answer.status, answer.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, ""
        except OSError:
            return None

    try:
        deadline = time.monotonic() + 120
        while get(url + "voila/static/voila.js") is None:
            assert time.monotonic() < deadline and server.poll() is None, (tmp_path / "voila.log").read_text()[-2000:]
            time.sleep(0.5)
        processes = [psutil.Process(server.pid), *psutil.Process(server.pid).children(recursive=True)]
        assert not any("t0ken-secret" in " ".join(p.cmdline()) for p in processes)  # what `ps` shows
        status, page = get(url)
        assert status in (401, 403) or ("login" in page.lower() and "Explorer" not in page)  # the token is in force
        peak = []
        with ThreadPoolExecutor(5) as viewers:
            pages = [viewers.submit(get, url + "?token=t0ken-secret") for _ in range(5)]
            while not all(page.done() for page in pages):
                peak.append(len(kernel_processes(server.pid)))
                time.sleep(0.3)
            statuses = [page.result()[0] for page in pages]
        peak.append(len(kernel_processes(server.pid)))
        assert max(peak) <= 2, peak
        assert statuses.count(200) >= 1 and set(statuses) <= {200, 503}, statuses
        # kernels do not inherit the variable (Voila hands a kernel its page's query string, token included,
        # in VOILA_REQUEST_URL: readable, like every process environment, only by the server's user and root)
        assert not any(TOKEN_VARIABLE in k.environ() for k in kernel_processes(server.pid))
    finally:
        stop_server(server)
        log.close()
