"""Optional sign-in for the dashboard with Streamlit's built-in OpenID Connect login (``st.login``).

Sign-in is on when the Streamlit secrets (``.streamlit/secrets.toml``, never committed) have an
``[auth]`` section; ``docs/security.md`` shows the keys, with a Microsoft Entra ID example. Without
``[auth]`` the dashboard is open to whoever can reach it, which is why it listens on 127.0.0.1 by default.

``require_login()`` is called first thing in ``dashboards/app.py``. With ``[auth]`` configured it
stops the script on a sign-in page until the user has signed in, and shows who is signed in (and a
sign-out button) in the sidebar afterwards. An optional ``[access]`` section is the allow-list of
groups (the ID token's ``groups`` claim) or email domains; a signed-in user outside it gets a polite
refusal page. A session ends when the ID token expires (its ``exp`` claim). It fails closed: an
incomplete ``[auth]`` or ``[access]`` section, an unreadable secrets file, a missing Authlib package
or an identity provider that does not answer stop the app with a message, never with data.
``samrehab dashboard`` runs the same checks (``secrets_problems``) before it starts the server.
"""

from __future__ import annotations

import json
import logging
import os
import time
import tomllib
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn
from urllib.parse import urlsplit

SHARED_KEYS = ("redirect_uri", "cookie_secret")
PROVIDER_KEYS = ("client_id", "client_secret", "server_metadata_url")
MIN_COOKIE_SECRET_LENGTH = 32
_LOGGER = logging.getLogger(__name__)

TEXTS = {
    "sv": {
        "title": "SamRehab – logga in",
        "intro": "Instrumentpanelen kräver inloggning med ditt organisationskonto.",
        "button": "Logga in",
        "button_named": "Logga in med {provider}",
        "signed_in": "Inloggad som {name}",
        "sign_out": "Logga ut",
        "expired": "Din inloggning har gått ut. Logga in igen.",
        "refused_title": "Ingen behörighet",
        "refused": "Du är inloggad som {name}, men ditt konto har inte behörighet till SamRehabs "
                   "instrumentpanel. Behörighet ges genom medlemskap i en av de grupper som regionen har valt. "
                   "Kontakta den som förvaltar instrumentpanelen i din region om du behöver tillgång, eller "
                   "logga ut och logga in med ett annat konto.",
        "provider_down": "Inloggningstjänsten ({host}) svarar inte just nu, så ingen kan logga in. "
                         "Försök igen om en stund. Inga data visas.",
        "misconfigured": "Inloggningen är felaktigt konfigurerad i .streamlit/secrets.toml; inga data visas.",
        "no_authlib": "Inloggning är konfigurerad men paketet Authlib (>= 1.3.2) saknas; inga data visas.",
    },
    "en": {
        "title": "SamRehab – sign in",
        "intro": "The dashboard requires sign-in with your organisation account.",
        "button": "Sign in",
        "button_named": "Sign in with {provider}",
        "signed_in": "Signed in as {name}",
        "sign_out": "Sign out",
        "expired": "Your sign-in has expired. Please sign in again.",
        "refused_title": "No access",
        "refused": "You are signed in as {name}, but your account has no access to the SamRehab dashboard. "
                   "Access is given by membership of one of the groups your region has chosen. Please contact "
                   "whoever manages the dashboard in your region if you need access, or sign out and sign in "
                   "with another account.",
        "provider_down": "The sign-in service ({host}) does not answer at the moment, so nobody can sign in. "
                         "Please try again later. No data are shown.",
        "misconfigured": "Sign-in is misconfigured in .streamlit/secrets.toml; no data are shown.",
        "no_authlib": "Sign-in is configured but the Authlib package (>= 1.3.2) is missing; no data are shown.",
    },
}

LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
DEFAULT_GROUPS_CLAIM = "groups"
PROVIDER_TIMEOUT_SECONDS = 5


@dataclass(frozen=True)
class AuthConfig:
    """What the ``[auth]`` secrets section asks for."""

    enabled: bool
    providers: tuple[str | None, ...] = ()  # None: the default provider (settings directly under [auth])
    problems: tuple[str, ...] = ()
    metadata_urls: tuple[str, ...] = ()


@dataclass(frozen=True)
class AccessPolicy:
    """Who of the signed-in users may see data: the ``[access]`` secrets section.

    Empty lists mean every signed-in user may. Otherwise a user needs one of ``groups`` in the ID
    token's ``groups_claim`` (Entra ID: ``groups``, the groups' object IDs), or a verified ``email`` in one
    of ``email_domains``.
    """

    groups: frozenset[str] = frozenset()
    email_domains: frozenset[str] = frozenset()
    groups_claim: str = DEFAULT_GROUPS_CLAIM

    @property
    def restricted(self) -> bool:
        """True when the section names at least one group or email domain."""
        return bool(self.groups or self.email_domains)


def _is_loopback_http(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme == "http" and (parts.hostname or "") in LOOPBACK_HOSTS


def read_auth_config(auth: Mapping[str, Any] | None) -> AuthConfig:
    """Check an ``[auth]`` section (``None`` or empty: sign-in off) and list the providers it configures.

    A provider is the ``[auth]`` section itself when it holds ``client_id`` (``st.login()``), or a
    sub-section ``[auth.<name>]`` (``st.login("<name>")``). Problems are reported by key name only,
    never with a value.
    """
    if not auth:
        return AuthConfig(enabled=False)
    problems = [f"[auth] saknar / is missing {key}" for key in SHARED_KEYS if not auth.get(key)]
    redirect = str(auth.get("redirect_uri") or "")
    if redirect and not (redirect.startswith(("http://", "https://")) and redirect.endswith("/oauth2callback")):
        problems.append("[auth] redirect_uri must be an absolute http(s) URL ending in /oauth2callback")
    secret = auth.get("cookie_secret")
    if secret and len(str(secret)) < MIN_COOKIE_SECRET_LENGTH:
        problems.append(f"[auth] cookie_secret must be a random string of {MIN_COOKIE_SECRET_LENGTH}+ characters")
    sections: list[tuple[str | None, Mapping[str, Any]]] = []
    if any(key in auth for key in PROVIDER_KEYS):
        sections.append((None, auth))
    sections += [(str(name), value) for name, value in auth.items()  # [auth.<name>]; not client_kwargs
                 if isinstance(value, Mapping) and any(key in value for key in PROVIDER_KEYS)]
    if not sections:
        problems.append("[auth] configures no provider (client_id, client_secret, server_metadata_url)")
    urls = []
    for name, section in sections:
        where = "[auth]" if name is None else f"[auth.{name}]"
        if name is not None and "_" in name:
            problems.append(f"{where}: a provider name must not contain '_'")
        problems += [f"{where} saknar / is missing {key}" for key in PROVIDER_KEYS if not section.get(key)]
        url = str(section.get("server_metadata_url") or "")
        if url and not (url.startswith("https://") or _is_loopback_http(url)):
            problems.append(f"{where} server_metadata_url must be an https:// URL (http:// only on 127.0.0.1)")
        if url:
            urls.append(url)
    return AuthConfig(enabled=True, providers=tuple(name for name, _ in sections), problems=tuple(problems),
                      metadata_urls=tuple(urls))


def _string_list(section: Mapping[str, Any], key: str, problems: list[str]) -> frozenset[str]:
    value = section.get(key, [])
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list | tuple) or not all(isinstance(item, str) and item.strip() for item in value):
        problems.append(f"[access] {key} must be a list of non-empty strings")
        return frozenset()
    return frozenset(item.strip() for item in value)


def read_access_policy(access: Mapping[str, Any] | None) -> tuple[AccessPolicy, tuple[str, ...]]:
    """The allow-list of the ``[access]`` section (``None``: everyone signed in), and its problems."""
    if not access:
        return AccessPolicy(), ()
    problems: list[str] = []
    known = {"allowed_groups", "allowed_email_domains", "groups_claim"}
    problems += [f"[access] unknown key {key} (known: {', '.join(sorted(known))})"
                 for key in access if key not in known]
    groups = _string_list(access, "allowed_groups", problems)
    domains = frozenset(item.lower().lstrip("@") for item in _string_list(access, "allowed_email_domains", problems))
    claim = access.get("groups_claim", DEFAULT_GROUPS_CLAIM)
    if not isinstance(claim, str) or not claim:
        problems.append("[access] groups_claim must be a claim name, e.g. \"groups\"")
        claim = DEFAULT_GROUPS_CLAIM
    if not groups and not domains:
        problems.append("[access] names no allowed_groups and no allowed_email_domains: remove the section "
                        "to let every signed-in user in, or list who may")
    return AccessPolicy(groups=groups, email_domains=domains, groups_claim=claim), tuple(problems)


def is_allowed(policy: AccessPolicy, claims: Mapping[str, Any]) -> bool:
    """Whether a signed-in user with these ID-token claims may see data under ``policy`` (fails closed)."""
    if not policy.restricted:
        return True
    groups = claims.get(policy.groups_claim) or []
    if isinstance(groups, str):
        groups = [groups]
    if isinstance(groups, list | tuple) and policy.groups.intersection(str(group) for group in groups):
        return True
    email = claims.get("email")
    if not policy.email_domains or not isinstance(email, str) or "@" not in email:
        return False
    if claims.get("email_verified") is False:
        return False
    return email.rsplit("@", 1)[1].lower() in policy.email_domains


def token_expired(claims: Mapping[str, Any], now: float | None = None) -> bool:
    """Whether the ID token behind the sign-in has expired (``exp``; a token without one counts as expired)."""
    exp = claims.get("exp")
    if isinstance(exp, bool) or not isinstance(exp, int | float):
        return True
    return exp <= (time.time() if now is None else now)


def redirect_port_problem(auth: Mapping[str, Any] | None, port: int) -> str | None:
    """A problem when ``[auth] redirect_uri`` is plain http (the browser talks to Streamlit itself) on another port.

    ``{port}`` in the URI stands for the server's port. An https:// URI is the address of the TLS reverse
    proxy in front of the dashboard, whose port is the proxy's, so it is not compared.
    """
    redirect = str((auth or {}).get("redirect_uri") or "").replace("{port}", str(port))
    parts = urlsplit(redirect)
    if parts.scheme != "http":
        return None
    try:
        redirect_port = parts.port or 80
    except ValueError:
        return "[auth] redirect_uri has an invalid port"
    if redirect_port != port:
        return (f"[auth] redirect_uri points at port {redirect_port}, but the dashboard listens on port {port}: "
                f"use the same port (or {{port}}), or the https:// address of the reverse proxy")
    return None


def secrets_problems(secrets: Mapping[str, Any], port: int | None = None) -> list[str]:
    """Every problem of the sign-in settings in ``secrets`` (the whole secrets file), by key name only."""
    auth = secrets.get("auth")
    config = read_auth_config(auth if isinstance(auth, Mapping) else None)
    problems = list(config.problems)
    if config.enabled and port is not None:
        problems += [problem for problem in [redirect_port_problem(auth, port)] if problem]
    access = secrets.get("access")
    if access is not None:
        if not isinstance(access, Mapping):
            problems.append("[access] must be a section")
        else:
            problems += read_access_policy(access)[1]
            if not config.enabled:
                problems.append("[access] needs sign-in: an [auth] section")
    return problems


def default_secrets_files(root: Path) -> list[Path]:
    """Where Streamlit looks for secrets when started from ``root``: the user's file, then the project's."""
    return [Path.home() / ".streamlit" / "secrets.toml", root / ".streamlit" / "secrets.toml"]


def load_secrets(paths: list[Path]) -> tuple[dict[str, Any], list[str]]:
    """The secrets of the existing files among ``paths`` (later files win per section), and read problems."""
    secrets: dict[str, Any] = {}
    problems = []
    for path in paths:
        if not path.is_file():
            continue
        try:
            secrets.update(tomllib.loads(path.read_text(encoding="utf-8")))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            problems.append(f"{path}: cannot be read as TOML ({exc})")
    return secrets, problems


def _secrets_section(name: str) -> tuple[Mapping[str, Any] | None, str | None]:
    """One section of the Streamlit secrets, and a problem when a secrets file exists but is unreadable."""
    import streamlit as st
    from streamlit import config as st_config

    try:
        section = st.secrets.get(name)
    except FileNotFoundError:  # no secrets file, or one that cannot be parsed
        existing = [path for path in st_config.get_option("secrets.files") or [] if os.path.exists(path)]
        if existing:
            return None, f"cannot read {', '.join(existing)}"
        return None, None
    return (section if isinstance(section, Mapping) else None), None


def _secrets_auth() -> tuple[Mapping[str, Any] | None, str | None]:
    """The ``[auth]`` section of the Streamlit secrets, and a problem when a secrets file exists but is unreadable."""
    return _secrets_section("auth")


def _authlib_available() -> bool:
    import importlib.util

    return importlib.util.find_spec("authlib") is not None


def provider_unreachable(urls: tuple[str, ...], timeout: float = PROVIDER_TIMEOUT_SECONDS) -> str | None:
    """The host of the first provider whose OpenID configuration cannot be fetched, or ``None``."""
    for url in urls:
        try:
            with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 (http(s) checked above)
                json.load(response)
        except (OSError, ValueError):
            return urlsplit(url).netloc
    return None


def _server_port() -> int | None:
    from streamlit import config as st_config

    try:
        return int(st_config.get_option("server.port"))
    except (TypeError, ValueError):
        return None


def _fail(message: str) -> NoReturn:
    import streamlit as st

    st.error(message)
    st.stop()
    raise AssertionError("st.stop() returned")  # unreachable: st.stop() ends the script run


def _sign_out_button(text: Mapping[str, str], container: Any, key: str) -> None:
    import streamlit as st

    if container.button(text["sign_out"], key=key):
        st.logout()


def require_login(lang: str | None = None) -> None:
    """Stop the Streamlit script until the user has signed in, when ``[auth]`` is configured; else do nothing.

    Call it before anything reads data. ``lang`` (``sv``/``en``) defaults to the ``lang`` URL parameter.
    A signed-in user whose ID token has expired signs in again; one outside the ``[access]`` allow-list
    gets a refusal page with a sign-out button, and no data.
    """
    import streamlit as st

    lang = lang or st.query_params.get("lang", "sv")
    text = TEXTS.get(lang, TEXTS["sv"])
    auth, unreadable = _secrets_auth()
    access, _ = _secrets_section("access")
    if unreadable:
        _fail(f"{text['misconfigured']} ({unreadable})")
    config = read_auth_config(auth)
    problems = secrets_problems({"auth": auth, "access": access} if access is not None else {"auth": auth},
                                _server_port())
    if not config.enabled and not problems:
        return
    if problems:
        _fail(text["misconfigured"] + "\n\n" + "\n".join(f"- {problem}" for problem in problems))
    if not _authlib_available():
        _fail(text["no_authlib"])
    user = st.user.to_dict() if hasattr(st.user, "to_dict") else dict(st.user)
    signed_in = bool(user.get("is_logged_in"))
    expired = signed_in and token_expired(user)
    if signed_in and not expired:
        name = str(user.get("name") or user.get("email") or "")
        st.sidebar.caption(text["signed_in"].format(name=name))
        _sign_out_button(text, st.sidebar, "_samrehab_sign_out")
        if is_allowed(read_access_policy(access)[0], user):
            return
        _LOGGER.warning("Signed-in user refused: not in the [access] allow-list")
        st.title(text["refused_title"])
        st.info(text["refused"].format(name=name))
        _sign_out_button(text, st, "_samrehab_sign_out_refused")
        st.stop()
    st.title(text["title"])
    if expired:
        st.warning(text["expired"])
    down = provider_unreachable(config.metadata_urls)
    if down:
        _fail(text["provider_down"].format(host=down))
    st.write(text["intro"])
    for provider in config.providers:
        label = text["button"] if provider is None else text["button_named"].format(provider=provider.title())
        if st.button(label, key=f"_samrehab_sign_in_{provider or 'default'}", type="primary"):
            st.login(provider)
    st.stop()
