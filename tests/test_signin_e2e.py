"""End to end: sign-in against a real OpenID Connect provider, behind nginx with TLS, in Chromium.

The steps of the deployment recipe in ``docs/security.md``, with the region's identity provider
replaced by the certified Node.js ``oidc-provider`` (``tools/node/oidc_test_provider.mjs``):

1. the provider on 127.0.0.1 with a test client and two users, Anna in the allowed group, Berit not;
2. a secrets file with ``[auth]`` pointing at it and ``[access] allowed_groups``;
3. ``samrehab dashboard --secrets ...`` on the sample snapshot, on 127.0.0.1;
4. nginx with TLS in front of it, configured with the ``nginx`` block of ``docs/security.md`` itself
   (only names, ports and certificate paths replaced);
5. Chromium (Playwright) through nginx: Anna is redirected to the provider, signs in, sees the
   overview and signs out back to the sign-in page; Berit is refused; the served pages carry the
   security headers without a content-security-policy violation; with the provider stopped the
   dashboard shows an error and no data.

One provider, one dashboard and one nginx serve every scenario. Skips, printing why, when node, the
npm package, nginx, Chromium or Playwright is missing (``make browser`` installs them as root).
"""

from __future__ import annotations

import base64
import datetime
import hashlib
import ipaddress
import json
import os
import re
import secrets
import shutil
import socket
import ssl
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from samrehab.config import PROJECT_ROOT

pytestmark = pytest.mark.browser

NODE_DIR = PROJECT_ROOT / "tools" / "node"
PROVIDER_SCRIPT = NODE_DIR / "oidc_test_provider.mjs"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
SECURITY_DOC = PROJECT_ROOT / "docs" / "security.md"
ALLOWED_GROUP = "samrehab-lasare"
CLIENT_ID = "samrehab-dashboard"
# The recipe's placeholders, replaced for the test (each must occur in the recipe, or the test fails).
DOC_HOST = "rehab.region.example.se"
DOC_CERT, DOC_KEY = "/etc/ssl/certs/samrehab.pem", "/etc/ssl/private/samrehab.key"
DOC_UPSTREAM = "http://127.0.0.1:8501"
TIMEOUT_MS = 60_000


def _missing_tool() -> str | None:
    node = shutil.which("node")
    if node is None:
        return "node is missing (`make browser` installs Debian's nodejs as root)"
    if not (NODE_DIR / "node_modules" / "oidc-provider").is_dir():
        return "the npm package oidc-provider is missing (`make browser` runs npm ci in tools/node)"
    if shutil.which("nginx") is None and not Path("/usr/sbin/nginx").exists():
        return "nginx is missing (`make browser` installs Debian's nginx as root)"
    if not CHROMIUM.exists():
        return f"{CHROMIUM} is missing (`make browser` installs Debian's chromium as root)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError as exc:
        return f"the playwright Python package is missing ({exc})"
    return None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_for(url: str, process: subprocess.Popen, what: str, context: ssl.SSLContext | None = None,
              timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{what} exited with code {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2, context=context):
                return
        except urllib.error.HTTPError:
            return  # it answers
        except OSError:
            time.sleep(0.2)
    raise TimeoutError(f"{what} did not answer at {url} within {timeout} s")


def _self_signed_certificate(folder: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 (the region uses its own), and its key."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
        .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "samrehab.pem", folder / "samrehab.key"
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    key_path.chmod(0o600)
    return cert_path, key_path


def recipe_nginx_block() -> str:
    """The ``nginx`` configuration of the deployment recipe in docs/security.md."""
    blocks = re.findall(r"```nginx\n(.*?)```", SECURITY_DOC.read_text(encoding="utf-8"), flags=re.DOTALL)
    assert len(blocks) == 1, "docs/security.md must hold exactly one ```nginx block (the recipe)"
    return blocks[0]


def _nginx_conf(folder: Path, https_port: int, http_port: int, upstream_port: int, cert: Path, key: Path) -> Path:
    """The recipe's server blocks inside a minimal nginx.conf that runs from ``folder``."""
    block = recipe_nginx_block()
    replacements = {
        "listen 443 ssl;": f"listen 127.0.0.1:{https_port} ssl;", "listen 80;": f"listen 127.0.0.1:{http_port};",
        DOC_HOST: "127.0.0.1", DOC_CERT: str(cert), DOC_KEY: str(key), DOC_UPSTREAM: f"http://127.0.0.1:{upstream_port}",
        "return 301 https://$host$request_uri;": f"return 301 https://$host:{https_port}$request_uri;",
    }
    for old, new in replacements.items():
        assert old in block, f"the nginx recipe in docs/security.md no longer has {old!r}"
        block = block.replace(old, new)
    kinds = ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    temp = "\n".join(f"  {kind}_temp_path {folder / kind};" for kind in kinds)
    conf = folder / "nginx.conf"
    conf.write_text(
        ("user root;\n" if os.geteuid() == 0 else "")  # the temp folders are the test's private ones
        + f"daemon off;\nworker_processes 1;\npid {folder / 'nginx.pid'};\nerror_log {folder / 'error.log'} warn;\n"
        f"events {{ worker_connections 256; }}\nhttp {{\n  access_log {folder / 'access.log'};\n{temp}\n"
        f"  default_type application/octet-stream;\n{block}\n}}\n",
        encoding="utf-8",
    )
    return conf


def _toml_string(value: str) -> str:
    return json.dumps(value)  # a TOML basic string for the plain values used here


@dataclass
class Stack:
    """The servers of one test module: provider, dashboard, nginx; and what the browser saw."""

    url: str  # https through nginx
    http_url: str  # nginx's plain-http redirect
    provider_url: str
    tls: ssl.SSLContext
    users: dict[str, dict]
    processes: dict[str, subprocess.Popen]
    dashboard_port: int
    csp_violations: list[str] = field(default_factory=list)


def _start(name: str, command: list[str], folder: Path, **kwargs) -> subprocess.Popen:
    log = (folder / f"{name}.log").open("wb")
    return subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, **kwargs)


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="module")
def stack(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    missing = _missing_tool()
    if missing:  # before the sample warehouse is built for nothing
        print(f"sign-in end-to-end test skipped: {missing}")
        pytest.skip(missing)
    sample_warehouse: Path = request.getfixturevalue("sample_warehouse")
    request.getfixturevalue("published_snapshot")  # the snapshot `samrehab dashboard --db` serves
    folder = tmp_path_factory.mktemp("signin")
    ports: set[int] = set()
    while len(ports) < 4:
        ports.add(_free_port())
    provider_port, dashboard_port, https_port, http_port = sorted(ports)
    url = f"https://127.0.0.1:{https_port}"
    client_secret, cookie_secret = secrets.token_urlsafe(32), secrets.token_urlsafe(48)
    users = {
        "anna": {"login": "anna", "password": secrets.token_urlsafe(12), "name": "Anna Andersson",
                 "email": "anna@region.example.se", "groups": [ALLOWED_GROUP, "rehab-alla"]},
        "berit": {"login": "berit", "password": secrets.token_urlsafe(12), "name": "Berit Berg",
                  "email": "berit@region.example.se", "groups": ["ekonomi", "rehab-alla"]},
    }
    # 1. the identity provider with the dashboard registered as a client
    settings = folder / "provider.json"
    settings.write_text(json.dumps({
        "port": provider_port, "client_id": CLIENT_ID, "client_secret": client_secret,
        "redirect_uri": f"{url}/oauth2callback", "users": list(users.values()),
    }), encoding="utf-8")
    # 2. the secrets file (docs/security.md, "Write the secrets file")
    secrets_file = folder / "secrets.toml"
    secrets_file.write_text("\n".join([
        "[auth]",
        f"redirect_uri = {_toml_string(url + '/oauth2callback')}",
        f"cookie_secret = {_toml_string(cookie_secret)}",
        f"client_id = {_toml_string(CLIENT_ID)}",
        f"client_secret = {_toml_string(client_secret)}",
        f"server_metadata_url = {_toml_string(f'http://127.0.0.1:{provider_port}/.well-known/openid-configuration')}",
        'client_kwargs = { prompt = "login" }',
        "",
        "[access]",
        f"allowed_groups = [{_toml_string(ALLOWED_GROUP)}]",
        "",
    ]), encoding="utf-8")
    secrets_file.chmod(0o600)
    cert, key = _self_signed_certificate(folder)
    tls = ssl.create_default_context(cafile=str(cert))
    processes: dict[str, subprocess.Popen] = {}
    try:
        processes["provider"] = _start("provider", ["node", str(PROVIDER_SCRIPT), str(settings)], folder, cwd=NODE_DIR)
        provider_url = f"http://127.0.0.1:{provider_port}"
        _wait_for(f"{provider_url}/.well-known/openid-configuration", processes["provider"], "the OIDC provider")
        # 3. the dashboard, as the recipe starts it
        processes["dashboard"] = _start("dashboard", [
            sys.executable, "-m", "samrehab.cli", "dashboard", "--db", str(sample_warehouse),
            "--port", str(dashboard_port), "--secrets", str(secrets_file)], folder, cwd=PROJECT_ROOT)
        _wait_for(f"http://127.0.0.1:{dashboard_port}/_stcore/health", processes["dashboard"], "the dashboard")
        # 4. nginx with TLS in front of it
        conf = _nginx_conf(folder, https_port, http_port, dashboard_port, cert, key)
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        processes["nginx"] = _start("nginx", [nginx, "-p", str(folder), "-e", str(folder / "error.log"),
                                              "-c", str(conf)], folder)
        _wait_for(f"{url}/_stcore/health", processes["nginx"], "nginx", context=tls)
        yield Stack(url=url, http_url=f"http://127.0.0.1:{http_port}", provider_url=provider_url, tls=tls,
                    users=users, processes=processes, dashboard_port=dashboard_port)
    finally:
        for process in reversed(processes.values()):
            _stop(process)
        for name in ("provider", "dashboard", "nginx"):
            log = folder / f"{name}.log"
            if log.exists():
                tail = log.read_text(errors="replace").splitlines()[-15:]
                print(f"--- {name} log (last lines) ---\n" + "\n".join(tail))


@pytest.fixture(scope="module")
def browser(stack: Stack):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


def _new_page(browser, stack: Stack):
    """A fresh browser profile (no cookies) that records content-security-policy violations."""
    context = browser.new_context(ignore_https_errors=True, viewport={"width": 1400, "height": 1400})
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)

    def record(message) -> None:
        if "Content Security Policy" in message.text and page.url.startswith(stack.url):
            stack.csp_violations.append(f"{page.url}: {message.text}")

    page.on("console", record)
    return page


def _sign_in(page, stack: Stack, login: str) -> None:
    """From the dashboard's sign-in page through the provider's form and back."""
    page.goto(stack.url + "/")
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url(f"{stack.provider_url}/interaction/**")
    user = stack.users[login]
    page.fill('input[name="login"]', user["login"])
    page.fill('input[name="password"]', user["password"])
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{stack.url}/**")


def _shows_data(page) -> bool:
    return (page.locator('[data-testid="stPlotlyChart"]').count() > 0
            or page.get_by_text("uppföljning av effektmål").count() > 0)


def test_served_page_carries_the_security_headers(stack: Stack) -> None:
    with urllib.request.urlopen(stack.url + "/", context=stack.tls, timeout=10) as response:
        headers = response.headers
        assert response.status == 200
    csp = headers["Content-Security-Policy"]
    for digest in _inline_script_hashes():  # Streamlit's index.html: a new version may need a new hash
        assert f"'sha256-{digest}'" in csp, f"add 'sha256-{digest}' to script-src in docs/security.md"
    assert csp and "default-src 'self'" in csp and "frame-ancestors 'none'" in csp and "unsafe-eval" not in csp
    assert headers["Strict-Transport-Security"].startswith("max-age=")
    assert headers["X-Content-Type-Options"] == "nosniff" and headers["X-Frame-Options"] == "DENY"
    assert headers["Server"] == "nginx", "the server header must not name a version"
    # the dashboard itself listens on 127.0.0.1 only: nginx is the way in
    psutil = pytest.importorskip("psutil", reason="psutil lists the dashboard's sockets")
    root = psutil.Process(stack.processes["dashboard"].pid)
    listening = {connection.laddr.ip for process in [root, *root.children(recursive=True)]
                 for connection in process.net_connections(kind="inet")
                 if connection.status == psutil.CONN_LISTEN and connection.laddr.port == stack.dashboard_port}
    assert listening == {"127.0.0.1"}, listening
    # plain http only redirects to https
    request = urllib.request.Request(stack.http_url + "/")
    opener = urllib.request.build_opener(_NoRedirect)
    with pytest.raises(urllib.error.HTTPError) as redirect:
        opener.open(request, timeout=10)
    assert redirect.value.code == 301 and redirect.value.headers["Location"].startswith(stack.url)
    # no directory listing of the static files, through nginx or from Streamlit itself
    for base in (stack.url, f"http://127.0.0.1:{stack.dashboard_port}"):
        for folder in ("/static/", "/static/js/", "/static/css/", "/app/static/", "/_stcore/", "/.streamlit/"):
            try:
                with urllib.request.urlopen(base + folder, context=stack.tls if base.startswith("https") else None,
                                            timeout=10) as response:
                    body = response.read().decode("utf-8", errors="replace")
            except urllib.error.HTTPError as error:
                assert error.code in (403, 404), f"{base}{folder}: {error.code}"
                continue
            assert "Index of" not in body and "Directory listing" not in body, f"{base}{folder} lists files"
            assert re.search(r'href="[^"]*\.(js|css|toml)"[^>]*>[^<]*\.(js|css|toml)<', body) is None, \
                f"{base}{folder} looks like a file listing"


def _inline_script_hashes() -> list[str]:
    """The CSP hashes of the inline scripts of the installed Streamlit's index.html."""
    import streamlit

    html = (Path(streamlit.__file__).parent / "static" / "index.html").read_text(encoding="utf-8")
    scripts = re.findall(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", html, flags=re.DOTALL)
    return [base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii") for script in scripts]


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # noqa: ANN002, ANN003
        return None


def test_allowed_user_signs_in_sees_the_overview_and_signs_out(stack: Stack, browser) -> None:
    page = _new_page(browser, stack)
    page.goto(stack.url + "/")
    page.get_by_role("button", name="Logga in").wait_for()
    assert not _shows_data(page), "data shown before sign-in"
    _sign_in(page, stack, "anna")
    page.wait_for_selector('[data-testid="stPlotlyChart"]')
    assert page.locator("h1").first.inner_text() == "Översikt"
    assert "Inloggad som Anna Andersson" in page.get_by_test_id("stSidebar").inner_text()
    # (cookies are per host, not per port: the provider's own cookies on 127.0.0.1 are left out)
    cookies = {cookie["name"]: cookie for cookie in page.context.cookies(stack.url)
               if cookie["name"].startswith("_streamlit")}
    assert "_streamlit_user" in cookies and all(cookie["secure"] for cookie in cookies.values()), cookies
    # sign-out from the sidebar ends the session at the provider too, and comes back to the sign-in page
    page.get_by_test_id("stSidebar").get_by_role("button", name="Logga ut").click()
    page.wait_for_url(f"{stack.provider_url}/session/end**")
    page.get_by_role("button", name="Yes, sign me out").click()
    page.get_by_role("button", name="Logga in").wait_for()
    assert page.url.startswith(stack.url) and not _shows_data(page)
    assert "_streamlit_user" not in {cookie["name"] for cookie in page.context.cookies(stack.url)}
    page.goto(stack.url + "/")  # and stays signed out
    page.get_by_role("button", name="Logga in").wait_for()
    assert not _shows_data(page)
    page.context.close()
    assert stack.csp_violations == [], "\n".join(sorted(set(stack.csp_violations)))


def test_user_outside_the_allowed_group_is_refused(stack: Stack, browser) -> None:
    page = _new_page(browser, stack)
    _sign_in(page, stack, "berit")
    page.get_by_role("heading", name=re.compile("Ingen behörighet|Översikt")).first.wait_for()
    assert not _shows_data(page), "a user outside the allowed group sees data"
    assert page.locator("h1").first.inner_text() == "Ingen behörighet"
    page.get_by_text("Du är inloggad som Berit Berg").wait_for()  # the polite explanation
    page.wait_for_timeout(1000)  # nothing else arrives after the refusal
    assert not _shows_data(page), "a refused user sees data"
    page.goto(stack.url + "/?lang=en")
    page.get_by_role("heading", name="No access").wait_for()
    page.get_by_text("You are signed in as Berit Berg").wait_for()
    assert not _shows_data(page)
    page.context.close()
    assert stack.csp_violations == [], "\n".join(sorted(set(stack.csp_violations)))


def test_with_the_provider_stopped_the_dashboard_shows_an_error_and_no_data(stack: Stack, browser) -> None:
    _stop(stack.processes["provider"])
    page = _new_page(browser, stack)
    page.goto(stack.url + "/")
    error = page.get_by_test_id("stAlertContentError")
    error.wait_for()
    assert "svarar inte" in error.inner_text()
    assert page.get_by_role("button", name="Logga in").count() == 0
    assert not _shows_data(page)
    page.context.close()
