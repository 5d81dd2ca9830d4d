"""``cat-kz dashboard``: the explorer as a Voila page that is safe to share.

- **Who can reach it.** By default the page listens on 127.0.0.1: only this
  machine. Any other ``--host`` (e.g. ``0.0.0.0``, every network interface)
  requires a token: one is generated and printed with the full link unless
  ``--token-file`` or ``CAT_KZ_DASHBOARD_TOKEN`` gives one, and the message says
  who can reach the page. The token reaches the server in its environment
  (:data:`TOKEN_VARIABLE`, readable only by its user), never on its command line,
  which every local user sees in ``ps``; the server takes it out of its
  environment before any kernel starts.
- **Its port.** A port in use is an error (Voila would move to the next free one
  while cat-kz printed the first link).
- **Kernels.** Every page load starts a Python kernel. Kernels idle for
  ``cull_after`` seconds are shut down, and at most ``max_kernels`` run at
  once; a viewer beyond that gets a "too many viewers, try again later" page
  (HTTP 503) instead of the server running out of memory.
- **Fast first page.** ``pool_size`` kernels (default 1) are started and run
  the explorer before anyone asks (Voila's preheated kernels), so a viewer
  gets a finished page; the pool is refilled a second after each use. Pooled
  kernels count against ``max_kernels`` (the ceiling holds: a refill that
  would pass it is refused, and later viewers get a fresh kernel or the 503
  page), are never culled while they wait, and start with the server's
  environment, so a redaction lock (``CAT_KZ_REDACT``) holds for them too.
  ``pool_size=0`` starts kernels only when a viewer asks.
- **Offline.** The page uses the :data:`TEMPLATE` template: everything it loads
  comes from this server (Voila's stock template fetches Font Awesome from a CDN).
- **For a no-code audience.** Notes for JupyterLab users (cells tagged
  ``jupyterlab-only``) are left out of the page.

>>> command = dashboard_command(9000, "0.0.0.0", max_kernels=4)
>>> "--CappedKernelManager.max_kernels=4" in command, "--pool_size=1" in command, "--Voila.port_retries=0" in command
(True, True, True)
>>> server_environment({"PATH": "/bin"}, token="s3cret")[TOKEN_VARIABLE]
's3cret'

>>> "--preheat_kernel=True" in dashboard_command(pool_size=0)
False
>>> is_loopback("127.0.0.1"), is_loopback("localhost"), is_loopback("0.0.0.0")
(True, True, False)
"""

from __future__ import annotations

import atexit
import ipaddress
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import quote

from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
from tornado import web
from traitlets import Integer

from cat_kz.dataset.load import load_dataset
from cat_kz.files import write_atomic
from cat_kz.model.citation import SOURCE_PAGE
from cat_kz.publish.notebooks import notebook_path
from cat_kz.publish.source_page import source_html
from cat_kz.show.explore import LOCK_VARIABLE, SOURCE_URL_VARIABLE

#: Voila template of the dashboard (in ``cat_kz/share/voila/templates``).
TEMPLATE = "cat-kz"
#: A folder added to JUPYTER_PATH so Voila finds :data:`TEMPLATE`.
SHARE = Path(__file__).resolve().parent.parent / "share"
#: Defaults: a kernel idle this long (seconds) is shut down; at most this many run at once.
CULL_AFTER = 600
MAX_KERNELS = 8
#: Kernels kept running the explorer, ready for the next viewer (Voila's preheated kernels).
POOL_SIZE = 1


#: The environment variable that carries the token to the server (never its command line).
TOKEN_VARIABLE = "CAT_KZ_DASHBOARD_TOKEN"


class CappedKernelManager(AsyncMappingKernelManager):
    """Voila's kernel manager with a ceiling on kernels running at once.

    Kernels still starting count too: viewers arriving together each pass the
    check before any of their kernels is listed, and would all start one."""

    max_kernels = Integer(MAX_KERNELS, config=True, help="most kernels running at once; 0 = no limit")
    _starting = 0

    async def start_kernel(self, *args, **kwargs):
        # the check and the count happen with no await between them: the event loop runs one at a time
        if self.max_kernels and len(self.list_kernel_ids()) + self._starting >= self.max_kernels:
            raise web.HTTPError(503, f"too many viewers at once ({self.max_kernels}); try again in a few minutes")
        self._starting += 1
        try:
            return await super().start_kernel(*args, **kwargs)
        finally:
            self._starting -= 1


def is_loopback(host: str) -> bool:
    """Whether ``host`` is reachable only from this machine."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def dashboard_command(
    port: int = 8866,
    host: str = "127.0.0.1",
    *,
    cull_after: int = CULL_AFTER,
    max_kernels: int = MAX_KERNELS,
    pool_size: int = POOL_SIZE,
) -> list[str]:
    """The command that serves the explorer notebook with Voila (see the module
    doc): ``python -m cat_kz.publish.dashboard`` runs Voila with these arguments, after
    adding :data:`SHARE` to JUPYTER_PATH so Voila finds the template. The token goes in
    the environment (:func:`server_environment`), not here: a command line is public."""
    command = [
        sys.executable, "-m", "cat_kz.publish.dashboard", str(notebook_path("04_explorer")),
        f"--port={port}", "--Voila.port_retries=0", f"--Voila.ip={host}", "--no-browser", "--strip_sources=True", "--show_tracebacks=False",
        f"--template={TEMPLATE}",
        "--VoilaConfiguration.multi_kernel_manager_class=cat_kz.publish.dashboard.CappedKernelManager",
        f"--CappedKernelManager.max_kernels={max_kernels}",
        f"--MappingKernelManager.cull_idle_timeout={cull_after}",
        f"--MappingKernelManager.cull_interval={max(1, min(60, cull_after // 2))}",
    ]  # fmt: skip
    pool = max(0, min(pool_size, max_kernels) if max_kernels else pool_size)
    if pool:
        command += ["--preheat_kernel=True", f"--pool_size={pool}"]
    return command


def server_environment(base: dict[str, str], token: str | None = None) -> dict[str, str]:
    """``base`` for the server's process: the token (if any) in :data:`TOKEN_VARIABLE`, or none."""
    env = {k: v for k, v in base.items() if k != TOKEN_VARIABLE}
    return env | ({TOKEN_VARIABLE: token} if token else {})


def read_token(path: str | Path) -> str:
    """The token in a file (its first line, stripped); ``ValueError`` naming the file if it has none."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ValueError(f"{path}: cannot read the token ({getattr(error, 'strerror', None) or error})") from None
    token = text.strip().splitlines()[0].strip() if text.strip() else ""
    if not token:
        raise ValueError(f"{path}: holds no token")
    return token


def port_in_use(host: str, port: int) -> bool:
    """Whether something already listens on ``host``:``port`` (binding to it fails).

    >>> import socket
    >>> with socket.socket() as s:
    ...     s.bind(("127.0.0.1", 0)); s.listen(); port_in_use("127.0.0.1", s.getsockname()[1])
    True
    """
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the server binds: TIME_WAIT is no conflict
        try:
            probe.bind((host, port))
        except OSError:
            return True
    return False


def environment(base: dict[str, str]) -> dict[str, str]:
    """``base`` with JUPYTER_PATH extended so Voila finds the dashboard template."""
    paths = [str(SHARE)] + ([base["JUPYTER_PATH"]] if base.get("JUPYTER_PATH") else [])
    return {**base, "JUPYTER_PATH": os.pathsep.join(paths)}


def access(host: str, port: int, token: str | None) -> tuple[str, str]:
    """The link to give viewers, and who can open it.

    >>> link, who = access("0.0.0.0", 8866, "abc")
    >>> print(link)
    http://<this machine's address>:8866/?token=abc
    >>> print(who)
    anyone who can reach this machine on port 8866 over the network and has the link (with its token)
    >>> access("127.0.0.1", 8866, None)
    ('http://127.0.0.1:8866/', 'only people using this machine')
    >>> access("::1", 8866, "a+b/c")[0]
    'http://[::1]:8866/?token=a%2Bb%2Fc'
    """
    shown = "<this machine's address>" if host in ("0.0.0.0", "::") else host
    if ":" in shown:  # an IPv6 address goes in brackets in a link, its zone's % escaped
        shown = "[" + shown.replace("%", "%25") + "]"
    link = f"http://{shown}:{port}/" + (f"?token={quote(token, safe='')}" if token else "")
    if is_loopback(host):
        return link, "only people using this machine"
    return link, f"anyone who can reach this machine on port {port} over the network and has the link (with its token)"


def stop_server(server, *, timeout: float = 20) -> None:
    """Stop a dashboard started with ``start_new_session=True``: SIGTERM to its whole
    process group (Voila and its kernels), then SIGKILL if it has not ended in ``timeout`` s."""
    os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)


def new_token() -> str:
    """A random token for a dashboard served beyond this machine."""
    return secrets.token_urlsafe(18)


def main(argv: list[str] | None = None) -> int:
    """``python -m cat_kz.publish.dashboard VOILA-ARGS``: Voila, finding the cat-kz template."""
    os.environ.update(environment(dict(os.environ)))
    # the token from the environment, removed before a kernel inherits it; set on Voila's
    # argv inside this process only (/proc/PID/cmdline keeps the exec's arguments)
    token = os.environ.pop(TOKEN_VARIABLE, None)
    from voila.app import main as voila_main  # heavy: Voila, for the server's process only

    sys.argv = ["voila", *serve_source_page(list(argv if argv is not None else sys.argv[1:]))]
    if token:
        sys.argv.append(f"--Voila.token={token}")
    return voila_main() or 0


def serve_source_page(args: list[str]) -> list[str]:
    """Voila's arguments ``args``, changed to serve the source page too.

    The source page (redacted at the lock's level) and a copy of the explorer notebook go
    into a private folder, Voila's root (it serves files only from there), so the page is
    ``voila/files/source.html`` and a page number in the explorer opens its passage. The
    explorer's kernels learn that address from :data:`cat_kz.show.explore.SOURCE_URL_VARIABLE`.
    The folder goes when the server ends."""

    folder = Path(tempfile.mkdtemp(prefix="cat-kz-dashboard-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    level = os.environ.get(LOCK_VARIABLE) or "none"
    write_atomic(folder / SOURCE_PAGE, source_html(load_dataset(), redact=level))
    os.environ[SOURCE_URL_VARIABLE] = f"voila/files/{SOURCE_PAGE}"
    served = []
    for arg in args:
        if arg.endswith(".ipynb") and not arg.startswith("-"):
            arg = str(shutil.copy(arg, folder))
        served.append(arg)
    return [*served, f"--Voila.root_dir={folder}", f"--VoilaConfiguration.file_allowlist=['{SOURCE_PAGE}']"]


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
