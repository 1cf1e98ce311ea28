"""Optional sign-in for the dashboard with Streamlit's built-in OpenID Connect login (``st.login``).

Sign-in is on when the Streamlit secrets (``.streamlit/secrets.toml``, never committed) have an
``[auth]`` section; ``docs/security.md`` shows the keys, with a Microsoft Entra ID example. Without
``[auth]`` the dashboard is open to whoever can reach it, which is why it listens on 127.0.0.1 by default.

``require_login()`` is called first thing in ``dashboards/app.py``. With ``[auth]`` configured it
stops the script on a sign-in page until the user has signed in, and shows who is signed in (and a
sign-out button) in the sidebar afterwards. It fails closed: an incomplete ``[auth]`` section, an
unreadable secrets file or a missing Authlib package stop the app with a message, never with data.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

SHARED_KEYS = ("redirect_uri", "cookie_secret")
PROVIDER_KEYS = ("client_id", "client_secret", "server_metadata_url")
MIN_COOKIE_SECRET_LENGTH = 32

TEXTS = {
    "sv": {
        "title": "SamRehab – logga in",
        "intro": "Instrumentpanelen kräver inloggning med ditt organisationskonto.",
        "button": "Logga in",
        "button_named": "Logga in med {provider}",
        "signed_in": "Inloggad som {name}",
        "sign_out": "Logga ut",
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
        "misconfigured": "Sign-in is misconfigured in .streamlit/secrets.toml; no data are shown.",
        "no_authlib": "Sign-in is configured but the Authlib package (>= 1.3.2) is missing; no data are shown.",
    },
}


@dataclass(frozen=True)
class AuthConfig:
    """What the ``[auth]`` secrets section asks for."""

    enabled: bool
    providers: tuple[str | None, ...] = ()  # None: the default provider (settings directly under [auth])
    problems: tuple[str, ...] = ()


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
    for name, section in sections:
        where = "[auth]" if name is None else f"[auth.{name}]"
        if name is not None and "_" in name:
            problems.append(f"{where}: a provider name must not contain '_'")
        problems += [f"{where} saknar / is missing {key}" for key in PROVIDER_KEYS if not section.get(key)]
        url = str(section.get("server_metadata_url") or "")
        if url and not url.startswith("https://"):
            problems.append(f"{where} server_metadata_url must be an https:// URL")
    return AuthConfig(enabled=True, providers=tuple(name for name, _ in sections), problems=tuple(problems))


def _secrets_auth() -> tuple[Mapping[str, Any] | None, str | None]:
    """The ``[auth]`` section of the Streamlit secrets, and a problem when a secrets file exists but is unreadable."""
    import streamlit as st
    from streamlit import config as st_config

    try:
        auth = st.secrets.get("auth")
    except FileNotFoundError:  # no secrets file, or one that cannot be parsed
        existing = [path for path in st_config.get_option("secrets.files") or [] if os.path.exists(path)]
        if existing:
            return None, f"cannot read {', '.join(existing)}"
        return None, None
    return (auth if isinstance(auth, Mapping) else None), None


def _authlib_available() -> bool:
    import importlib.util

    return importlib.util.find_spec("authlib") is not None


def require_login(lang: str | None = None) -> None:
    """Stop the Streamlit script until the user has signed in, when ``[auth]`` is configured; else do nothing.

    Call it before anything reads data. ``lang`` (``sv``/``en``) defaults to the ``lang`` URL parameter.
    """
    import streamlit as st

    lang = lang or st.query_params.get("lang", "sv")
    text = TEXTS.get(lang, TEXTS["sv"])
    auth, unreadable = _secrets_auth()
    if unreadable:
        st.error(f"{text['misconfigured']} ({unreadable})")
        st.stop()
    config = read_auth_config(auth)
    if not config.enabled:
        return
    if config.problems:
        st.error(text["misconfigured"] + "\n\n" + "\n".join(f"- {problem}" for problem in config.problems))
        st.stop()
    if not _authlib_available():
        st.error(text["no_authlib"])
        st.stop()
    if st.user.get("is_logged_in"):
        name = st.user.get("name") or st.user.get("email") or ""
        st.sidebar.caption(text["signed_in"].format(name=name))
        if st.sidebar.button(text["sign_out"], key="_samrehab_sign_out"):
            st.logout()
        return
    st.title(text["title"])
    st.write(text["intro"])
    for provider in config.providers:
        label = text["button"] if provider is None else text["button_named"].format(provider=provider.title())
        if st.button(label, key=f"_samrehab_sign_in_{provider or 'default'}", type="primary"):
            st.login(provider)
    st.stop()
