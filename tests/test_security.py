"""Security of the dashboard: where it listens, optional sign-in, no secrets in the repository,
quarantine never reachable. (Snapshot contents, permissions and exports: test_publish.py,
test_ingest_delivery.py and test_dashboard_data.py.)"""

from __future__ import annotations

import json
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from samrehab.auth import read_auth_config

PROJECT_ROOT = Path(__file__).resolve().parent.parent
STRONG_SECRET = "k3J9x2Lq8Vn4Tz7Rw1Yb5Hc6Md0Pf2Gs"
ENTRA = {
    "redirect_uri": "https://rehab.example.se/oauth2callback",
    "cookie_secret": STRONG_SECRET,
    "microsoft": {
        "client_id": "00000000-0000-0000-0000-000000000000",
        "client_secret": "placeholder",
        "server_metadata_url": "https://login.microsoftonline.com/11111111-1111-1111-1111-111111111111/v2.0/"
                               ".well-known/openid-configuration",
    },
}


# --- where the server listens ----------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _listening_addresses(root: psutil.Process, port: int, timeout: float = 90) -> set[str]:
    """Addresses the process tree under ``root`` listens on at ``port`` (waits until it listens)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        addresses = set()
        for process in [root, *root.children(recursive=True)]:
            try:
                connections = process.net_connections(kind="tcp")
            except (psutil.NoSuchProcess, psutil.AccessDenied):
                continue
            addresses |= {c.laddr.ip for c in connections if c.status == psutil.CONN_LISTEN and c.laddr.port == port}
        if addresses:
            return addresses
        assert root.is_running() and root.status() != psutil.STATUS_ZOMBIE, "the dashboard exited"
        time.sleep(0.25)
    raise AssertionError(f"nothing listened on port {port} within {timeout} s")


@pytest.mark.parametrize(("extra", "expected"), [([], {"127.0.0.1"}), (["--address", "0.0.0.0"], {"0.0.0.0"})])
def test_dashboard_binds_to_localhost_unless_told_otherwise(
    sample_warehouse: Path, published_snapshot: Path, extra: list[str], expected: set[str],
) -> None:
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "samrehab.cli", "dashboard", "--db", str(sample_warehouse), "--port", str(port), *extra],
        cwd=PROJECT_ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    root = psutil.Process(process.pid)
    try:
        assert _listening_addresses(root, port) == expected
    finally:
        for child in root.children(recursive=True):
            child.send_signal(signal.SIGTERM)
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)


def test_dashboard_command_defaults_to_localhost() -> None:
    import argparse

    from samrehab import dashboard_command

    parser = argparse.ArgumentParser()
    dashboard_command.add_arguments(parser)
    args = parser.parse_args([])
    assert args.address == "127.0.0.1"
    command = dashboard_command.streamlit_command(Path("x"), args.port, args.address)
    assert command[command.index("--server.address") + 1] == "127.0.0.1"


# --- optional sign-in ------------------------------------------------------------------------------------


def test_no_auth_section_means_sign_in_is_off() -> None:
    assert read_auth_config(None).enabled is False
    assert read_auth_config({}).enabled is False


def test_entra_id_named_provider_is_accepted() -> None:
    config = read_auth_config(ENTRA)
    assert config.enabled and config.problems == () and config.providers == ("microsoft",)


def test_default_provider_with_client_kwargs() -> None:
    auth = {**{k: v for k, v in ENTRA.items() if k != "microsoft"}, **ENTRA["microsoft"],
            "client_kwargs": {"prompt": "login"}}
    config = read_auth_config(auth)
    assert config.problems == () and config.providers == (None,)


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"cookie_secret": None}, "cookie_secret"),
        ({"cookie_secret": "short"}, "cookie_secret"),
        ({"redirect_uri": "/oauth2callback"}, "redirect_uri"),
        ({"redirect_uri": "https://rehab.example.se/"}, "redirect_uri"),
        ({"microsoft": {**ENTRA["microsoft"], "client_secret": ""}}, "client_secret"),
        ({"microsoft": {**ENTRA["microsoft"], "server_metadata_url": "http://insecure.example/"}}, "https://"),
        ({"microsoft": None, "entra_id": ENTRA["microsoft"]}, "'_'"),
        ({"microsoft": None}, "no provider"),
    ],
)
def test_incomplete_auth_is_reported_without_values(change: dict, problem: str) -> None:
    auth = {key: value for key, value in {**ENTRA, **change}.items() if value is not None}
    config = read_auth_config(auth)
    assert config.enabled
    assert any(problem in text for text in config.problems), config.problems
    for text in config.problems:
        assert STRONG_SECRET not in text and "placeholder" not in text


def _gated_app() -> None:
    import streamlit as st

    from samrehab.auth import require_login

    require_login()
    st.write("aggregerade data")


IN_AN_HOUR = time.time() + 3600
ANNA = {"is_logged_in": True, "name": "Anna Andersson", "email": "anna@region.example.se", "exp": IN_AN_HOUR,
        "groups": ["4f1c2a9e-rehab-ledning"]}
BERIT = {"is_logged_in": True, "name": "Berit Berg", "email": "berit@annan.example.se", "exp": IN_AN_HOUR,
         "groups": ["7d0e-ekonomi"]}
ACCESS = {"allowed_groups": ["4f1c2a9e-rehab-ledning"]}


def _app(secrets: dict | None, user: dict | None = None, access: dict | None = None, lang: str | None = None):
    from streamlit.testing.v1 import AppTest

    app = AppTest.from_function(_gated_app, default_timeout=30)
    if secrets is not None:
        app.secrets["auth"] = secrets
    if access is not None:
        app.secrets["access"] = access
    if user is not None:
        app.user = user
    if lang is not None:
        app.query_params["lang"] = lang
    return app.run()


def _shown(app) -> str:
    return " ".join(str(element.value) for element in [*app.markdown, *app.info, *app.warning, *app.error])


@pytest.fixture()
def provider_up(monkeypatch: pytest.MonkeyPatch) -> None:
    """Authlib present and the identity provider answering (the real one: tests/test_signin_e2e.py)."""
    import samrehab.auth

    monkeypatch.setattr(samrehab.auth, "_authlib_available", lambda: True)
    monkeypatch.setattr(samrehab.auth, "provider_unreachable", lambda urls, timeout=5: None)


def test_open_dashboard_without_auth() -> None:
    app = _app(None)
    assert "aggregerade data" in _shown(app)
    assert not app.button


def test_sign_in_page_until_signed_in(provider_up: None) -> None:
    app = _app(ENTRA, {"is_logged_in": False})
    assert "aggregerade data" not in _shown(app)
    assert [button.label for button in app.button] == ["Logga in med Microsoft"]
    assert app.title[0].value == "SamRehab – logga in"


def test_signed_in_user_sees_data_and_a_sign_out_button(provider_up: None) -> None:
    app = _app(ENTRA, ANNA)
    assert "aggregerade data" in _shown(app)
    assert "Inloggad som Anna Andersson" in " ".join(str(c.value) for c in app.sidebar.caption)
    assert [button.label for button in app.sidebar.button] == ["Logga ut"]


def test_expired_token_ends_the_session(provider_up: None) -> None:
    app = _app(ENTRA, {**ANNA, "exp": time.time() - 1})
    assert "aggregerade data" not in _shown(app)
    assert "Din inloggning har gått ut" in _shown(app)
    assert [button.label for button in app.button] == ["Logga in med Microsoft"]
    without_exp = {key: value for key, value in ANNA.items() if key != "exp"}
    assert "aggregerade data" not in _shown(_app(ENTRA, without_exp))


def test_group_allow_list_lets_members_in(provider_up: None) -> None:
    assert "aggregerade data" in _shown(_app(ENTRA, ANNA, ACCESS))


@pytest.mark.parametrize(("lang", "title", "polite"), [(None, "Ingen behörighet", "Du är inloggad som Berit Berg"),
                                                       ("en", "No access", "You are signed in as Berit Berg")])
def test_user_outside_the_allow_list_is_refused_politely(
    provider_up: None, lang: str | None, title: str, polite: str,
) -> None:
    app = _app(ENTRA, BERIT, ACCESS, lang)
    assert "aggregerade data" not in _shown(app)
    assert app.title[0].value == title and polite in _shown(app)
    assert [button.label for button in app.main.button] == ["Logga ut" if lang is None else "Sign out"]
    assert [button.label for button in app.sidebar.button] == ["Logga ut" if lang is None else "Sign out"]


def test_user_without_a_groups_claim_is_refused(provider_up: None) -> None:
    no_groups = {key: value for key, value in ANNA.items() if key != "groups"}
    assert "aggregerade data" not in _shown(_app(ENTRA, no_groups, ACCESS))


def test_email_domain_allow_list(provider_up: None) -> None:
    access = {"allowed_email_domains": ["region.example.se"]}
    assert "aggregerade data" in _shown(_app(ENTRA, {**BERIT, "email": "berit@Region.Example.se"}, access))
    assert "aggregerade data" not in _shown(_app(ENTRA, BERIT, access))
    unverified = {**BERIT, "email": "berit@region.example.se", "email_verified": False}
    assert "aggregerade data" not in _shown(_app(ENTRA, unverified, access))


def test_app_roles_through_groups_claim() -> None:
    from samrehab.auth import is_allowed, read_access_policy

    policy, problems = read_access_policy({"allowed_groups": ["SamRehab.Read"], "groups_claim": "roles"})
    assert problems == ()
    assert is_allowed(policy, {"roles": ["SamRehab.Read"], "groups": []})
    assert not is_allowed(policy, {"groups": ["SamRehab.Read"]})
    assert not is_allowed(policy, {"roles": "SamRehab.Write"})


def test_unreachable_provider_shows_an_error_and_no_sign_in(monkeypatch: pytest.MonkeyPatch) -> None:
    import samrehab.auth

    monkeypatch.setattr(samrehab.auth, "_authlib_available", lambda: True)
    unreachable = {**ENTRA, "microsoft": {**ENTRA["microsoft"], "server_metadata_url": "http://127.0.0.1:9/x"}}
    app = _app(unreachable, {"is_logged_in": False})
    assert "aggregerade data" not in _shown(app)
    assert not app.button and app.error and "127.0.0.1:9" in app.error[0].value


@pytest.mark.parametrize("access", [{}, {"allowed_groups": []}, {"allowed_groups": "x", "groups": ["y"]},
                                    {"allowed_groups": [1]}])
def test_bad_access_section_fails_closed(provider_up: None, access: dict) -> None:
    app = _app(ENTRA, ANNA, access or {"groups_claim": "groups"})
    assert "aggregerade data" not in _shown(app) and app.error and "[access]" in app.error[0].value


def test_access_without_auth_fails_closed() -> None:
    app = _app(None, None, ACCESS)
    assert "aggregerade data" not in _shown(app) and app.error and "[auth]" in app.error[0].value


def test_misconfigured_auth_fails_closed(provider_up: None) -> None:
    app = _app({**ENTRA, "cookie_secret": "short"}, ANNA)
    assert "aggregerade data" not in _shown(app)
    assert app.error and "cookie_secret" in app.error[0].value


def test_missing_authlib_fails_closed(monkeypatch: pytest.MonkeyPatch) -> None:
    import samrehab.auth

    monkeypatch.setattr(samrehab.auth, "_authlib_available", lambda: False)
    app = _app(ENTRA, ANNA)
    assert "aggregerade data" not in _shown(app)
    assert app.error and "Authlib" in app.error[0].value


@pytest.mark.parametrize(("redirect", "port", "problem"), [
    ("http://localhost:8501/oauth2callback", 8501, None),
    ("http://localhost:{port}/oauth2callback", 8562, None),
    ("https://rehab.example.se/oauth2callback", 8501, None),  # the reverse proxy's address
    ("http://localhost:8501/oauth2callback", 8562, "port 8501"),
    ("http://rehab.example.se/oauth2callback", 8501, "port 80"),
])
def test_redirect_uri_port_must_match_a_plain_http_server(redirect: str, port: int, problem: str | None) -> None:
    from samrehab.auth import secrets_problems

    problems = secrets_problems({"auth": {**ENTRA, "redirect_uri": redirect}}, port)
    assert (problems == []) if problem is None else any(problem in text for text in problems), problems


def test_secrets_example_in_the_docs_is_complete() -> None:
    """The secrets file of docs/security.md, placeholders filled in, passes the start-up check."""
    import tomllib

    from samrehab.auth import read_access_policy, secrets_problems

    blocks = [block for block in re.findall(r"```toml\n(.*?)```", (PROJECT_ROOT / "docs" / "security.md").read_text(
        encoding="utf-8"), flags=re.DOTALL) if "[auth]" in block]
    assert len(blocks) == 1, "docs/security.md should show one secrets file"
    filled = re.sub(r"<at least 32 random characters>", STRONG_SECRET, blocks[0])
    filled = re.sub(r"<[^>]+>", "x", filled)
    secrets = tomllib.loads(filled)
    assert secrets_problems(secrets, 8501) == []
    assert read_access_policy(secrets["access"])[0].restricted


def _toml(section: dict, prefix: str = "") -> str:
    plain = "".join(f"{key} = {json.dumps(value)}\n" for key, value in section.items() if not isinstance(value, dict))
    nested = "".join(_toml(value, f"{prefix}{key}.") for key, value in section.items() if isinstance(value, dict))
    return (f"[{prefix.rstrip('.')}]\n" if prefix else "") + plain + nested


@pytest.mark.parametrize(("change", "problem"), [
    ({"microsoft": {**ENTRA["microsoft"], "client_secret": None}}, "is missing client_secret"),
    ({"cookie_secret": None}, "is missing cookie_secret"),
    ({"redirect_uri": "http://localhost:8501/oauth2callback"}, "port 8501"),
])
def test_dashboard_refuses_to_start_with_incomplete_auth(tmp_path: Path, change: dict, problem: str) -> None:
    auth = {key: value for key, value in {**ENTRA, **change}.items() if value is not None}
    auth = {key: ({k: v for k, v in value.items() if v is not None} if isinstance(value, dict) else value)
            for key, value in auth.items()}
    secrets = tmp_path / "secrets.toml"
    secrets.write_text(_toml({"auth": auth}), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "samrehab.cli", "dashboard", "--db", str(tmp_path / "none.duckdb"), "--port", "8562",
         "--secrets", str(secrets)],
        cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=60, check=False,
    )
    assert result.returncode == 2, result.stdout + result.stderr
    assert "sign-in is configured but incomplete" in result.stderr and problem in result.stderr
    assert STRONG_SECRET not in result.stderr + result.stdout


# --- no secret in the repository -------------------------------------------------------------------------


def _tracked_files() -> list[str]:
    result = subprocess.run(["git", "ls-files"], cwd=PROJECT_ROOT, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        pytest.skip(f"not a git checkout ({result.stderr.strip()}): cannot list tracked files")
    return result.stdout.splitlines()


def test_no_secrets_file_is_tracked_and_it_is_ignored() -> None:
    tracked = _tracked_files()
    assert not [name for name in tracked if name.endswith("secrets.toml")]
    ignored = subprocess.run(["git", "check-ignore", "-q", ".streamlit/secrets.toml"], cwd=PROJECT_ROOT, check=False)
    assert ignored.returncode == 0, ".streamlit/secrets.toml must be listed in .gitignore"


def test_tracked_files_hold_only_placeholder_secrets() -> None:
    assignment = re.compile(r"\b(client_secret|cookie_secret)\s*=\s*\"([^\"]*)\"")
    found = []
    for name in _tracked_files():
        path = PROJECT_ROOT / name
        if not path.is_file() or path.suffix not in {".toml", ".md", ".py", ".yml", ".yaml", ".txt", ".cfg", ".env"}:
            continue
        for key, value in assignment.findall(path.read_text(encoding="utf-8", errors="ignore")):
            if value and not value.startswith("<") and value.lower() not in {"xxx", "placeholder"}:
                found.append(f"{name}: {key}")
    assert found == [], f"real-looking secrets in tracked files: {found}"


# --- quarantine never reaches the dashboard ---------------------------------------------------------------


def test_dashboard_cannot_read_quarantine_or_raw_tables(published_snapshot: Path) -> None:
    from dashboards import data_access

    snapshot = data_access.require_snapshot(published_snapshot)
    for table in ("quarantine", "raw.quarantine", "ingest_log", "stg_patients"):
        with pytest.raises(ValueError, match="unknown table"):
            data_access.read_table(snapshot, table)
    assert not {name for name in data_access.KNOWN_TABLES if "quarantine" in name or "ingest" in name}
    raw_reference = re.compile(r"\braw\.\w+")  # SQL on the warehouse's raw schema
    sources = [*(PROJECT_ROOT / "dashboards").rglob("*.py"), *(PROJECT_ROOT / "samrehab" / "read").rglob("*.py")]
    assert sources and not [p.name for p in sources if raw_reference.search(p.read_text(encoding="utf-8"))]


def test_the_chart_label_script_is_allowed_by_the_documented_policy() -> None:
    """The one inline script of the pages (chart summaries for screen readers) is fixed text whose hash
    the documented content-security policy lists; each chart's label travels in a data attribute."""
    import base64
    import hashlib

    from dashboards.ui import ARIA_SCRIPT

    digest = base64.b64encode(hashlib.sha256(ARIA_SCRIPT.encode("utf-8")).digest()).decode("ascii")
    policy = next(line for line in (PROJECT_ROOT / "docs" / "security.md").read_text(encoding="utf-8").splitlines()
                  if "Content-Security-Policy" in line and "script-src" in line)
    assert f"'sha256-{digest}'" in policy, f"add 'sha256-{digest}' to script-src in docs/security.md"

