"""The Marketplace API URL: checked once, before any request, and shown without userinfo."""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from typing import NoReturn
from urllib.parse import SplitResult, urlsplit

from imagelint.catalog.errors import CatalogConfigError
from imagelint.catalog.redact import mask_userinfo

_LABEL = r"[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?"
_HOSTNAME = re.compile(rf"{_LABEL}(?:\.{_LABEL})*\.?")
# What may stand in a base URL's path, as RFC 3986 writes it (percent-escapes included).
_PATH = re.compile(r"(?:/(?:[A-Za-z0-9._~!$&'()*+,;=:@-]|%[0-9A-Fa-f]{2})*)*")


@dataclass(frozen=True, kw_only=True)
class Endpoint:
    url: str  # as the client uses it: userinfo kept, no trailing slash
    shown: str  # for every printed text: userinfo masked
    loopback: bool
    secure: bool  # https, or a loopback address, where nobody can read the traffic
    has_userinfo: bool


_BRACKETED = re.compile(r"\[[^\[\]]*\](:[0-9]*)?")


def parse_api_url(text: str) -> Endpoint:
    """Check an http(s) base URL; CatalogConfigError, naming it masked, if it is unusable."""
    shown = mask_userinfo(text)
    if not text.isascii() or not text.isprintable() or any(c.isspace() for c in text):
        _fail(shown, "it must be ASCII without spaces (write an international host as punycode)")
    try:
        parts = urlsplit(text)
        port = parts.port  # parsed lazily: "host:99999" and "host:x" raise only here
    except ValueError:
        _fail(shown, "it cannot be parsed as a URL")
    scheme = parts.scheme.lower()
    if not parts.netloc:
        _fail(shown, "it has no scheme or no host (write it as https://host)")
    if scheme not in ("http", "https"):
        _fail(shown, "its scheme must be http or https")
    host = _host(parts, shown)
    if port == 0:
        _fail(shown, "its port must be between 1 and 65535")
    if parts.query or parts.fragment or text.endswith(("?", "#")):
        _fail(shown, "a base URL takes no query or fragment")
    if not _PATH.fullmatch(parts.path):
        _fail(shown, "its path has characters a URL cannot hold")
    loopback = _is_loopback(host)
    return Endpoint(
        url=text.rstrip("/"),
        shown=mask_userinfo(text.rstrip("/")),
        loopback=loopback,
        secure=scheme == "https" or loopback,
        has_userinfo="@" in parts.netloc,
    )


def check_transport(endpoint: Endpoint, *, secret: bool, allow_insecure: bool) -> None:
    """Refuse to send credentials (the token, or a URL's userinfo) where others can read them."""
    if endpoint.secure or allow_insecure or not (secret or endpoint.has_userinfo):
        return
    what = "SCW_SECRET_KEY" if secret else "the credentials in the API URL"
    raise CatalogConfigError(
        f"refusing to send {what} over plain http to {endpoint.shown}: use https or a "
        "loopback address, or pass --allow-insecure-api to accept the risk"
    )


def _host(parts: SplitResult, shown: str) -> str:
    host = parts.hostname or ""
    where = parts.netloc.rpartition("@")[2]
    if where.startswith("["):
        # urlsplit ignores what follows "]" unless it is ":port": httpx refuses it.
        if not _BRACKETED.fullmatch(where):
            _fail(shown, "its IPv6 address is malformed")
        try:
            ipaddress.IPv6Address(host)
        except ValueError:
            _fail(shown, "its IPv6 address is malformed")
    elif not _HOSTNAME.fullmatch(host):
        _fail(shown, "it has no valid host name")
    return host


def _is_loopback(host: str) -> bool:
    if host.lower().rstrip(".") == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _fail(shown: str, why: str) -> NoReturn:
    raise CatalogConfigError(f"invalid API URL {shown!r}: {why}")
