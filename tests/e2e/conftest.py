"""Browser tests: one production build of the app per session, a fresh browser context per test."""

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[2]
PORT = int(os.environ.get("E2E_PORT", "3311"))
BASE_URL = f"http://127.0.0.1:{PORT}"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]
LOGINS = {"admin": "admin-demo-2026", "clerk": "clerk-demo-2026", "manager": "manager-demo-2026",
          "finance": "finance-demo-2026"}


def _port_free(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) != 0


def _wait_until_up(proc: subprocess.Popen, log: Path, timeout: float = 420) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"app exited early:\n{log.read_text()[-4000:]}")
        try:
            with urllib.request.urlopen(f"{BASE_URL}/ping", timeout=2):
                with urllib.request.urlopen(f"{BASE_URL}/login", timeout=5):
                    return
        except OSError:
            time.sleep(1)
    raise RuntimeError(f"app did not start in {timeout}s:\n{log.read_text()[-4000:]}")


@pytest.fixture(scope="session")
def app_url(tmp_path_factory):
    """The real app in production mode on a demo SQLite database of its own."""
    if not _port_free(PORT):
        pytest.fail(f"port {PORT} is taken; set E2E_PORT to a free port")
    data = tmp_path_factory.mktemp("e2e")
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{data / 'e2e.db'}", "REFLEX_USE_SYSTEM_BUN": "1",
           "REFLEX_TELEMETRY_ENABLED": "false",
           "PATH": f"{ROOT / '.tools/node_modules/.bin'}:{Path(sys.executable).parent}:{os.environ['PATH']}"}
    subprocess.run([sys.executable, "-m", "owner_portal.cli", "prepare"], cwd=ROOT, env=env, check=True,
                   capture_output=True)
    log = data / "app.log"
    reflex = shutil.which("reflex", path=env["PATH"])
    with log.open("w") as out:
        proc = subprocess.Popen([reflex, "run", "--env", "prod", "--frontend-port", str(PORT), "--backend-port",
                                 str(PORT)], cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
                                start_new_session=True)
    try:
        _wait_until_up(proc, log)
        yield BASE_URL
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, app_url):
    context = browser.new_context(base_url=app_url, locale="zh-CN", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15000)
    page = context.new_page()
    yield page
    context.close()


def login(page, role: str = "clerk") -> None:
    page.goto("/login")
    page.fill("#username", role)
    page.fill("#password", LOGINS[role])
    page.click("#login-submit")
    page.wait_for_selector("#current-user")
