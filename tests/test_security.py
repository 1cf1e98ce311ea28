"""Security of the dashboard: where it listens, optional sign-in, no secrets in the repository,
quarantine never reachable. (Snapshot contents, permissions and exports: test_publish.py,
test_ingest_delivery.py and test_dashboard_data.py.)"""

from __future__ import annotations

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


def _app(secrets: dict | None, user: dict | None = None):
    from streamlit.testing.v1 import AppTest

    app = AppTest.from_function(_gated_app, default_timeout=30)
    if secrets is not None:
        app.secrets["auth"] = secrets
    if user is not None:
        app.user = user
    return app.run()


def _shown(app) -> str:
    return " ".join(str(element.value) for element in app.markdown)


def test_open_dashboard_without_auth() -> None:
    app = _app(None)
    assert "aggregerade data" in _shown(app)
    assert not app.button


def test_sign_in_page_until_signed_in(monkeypatch: pytest.MonkeyPatch) -> None:
    import samrehab.auth

    monkeypatch.setattr(samrehab.auth, "_authlib_available", lambda: True)
    app = _app(ENTRA, {"is_logged_in": False})
    assert "aggregerade data" not in _shown(app)
    assert [button.label for button in app.button] == ["Logga in med Microsoft"]
    assert app.title[0].value == "SamRehab – logga in"


def test_signed_in_user_sees_data_and_a_sign_out_button(monkeypatch: pytest.MonkeyPatch) -> None:
    import samrehab.auth

    monkeypatch.setattr(samrehab.auth, "_authlib_available", lambda: True)
    app = _app(ENTRA, {"is_logged_in": True, "name": "Anna Andersson", "email": "anna@example.se"})
    assert "aggregerade data" in _shown(app)
    assert "Inloggad som Anna Andersson" in " ".join(str(c.value) for c in app.sidebar.caption)
    assert [button.label for button in app.sidebar.button] == ["Logga ut"]


def test_misconfigured_auth_fails_closed(monkeypatch: pytest.MonkeyPatch) -> None:
    import samrehab.auth

    monkeypatch.setattr(samrehab.auth, "_authlib_available", lambda: True)
    app = _app({**ENTRA, "cookie_secret": "short"}, {"is_logged_in": True, "name": "Anna"})
    assert "aggregerade data" not in _shown(app)
    assert app.error and "cookie_secret" in app.error[0].value


def test_missing_authlib_fails_closed(monkeypatch: pytest.MonkeyPatch) -> None:
    import samrehab.auth

    monkeypatch.setattr(samrehab.auth, "_authlib_available", lambda: False)
    app = _app(ENTRA, {"is_logged_in": True, "name": "Anna"})
    assert "aggregerade data" not in _shown(app)
    assert app.error and "Authlib" in app.error[0].value


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
