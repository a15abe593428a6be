"""Build the run's catalog from its options: cache, live API and snapshot in one chain."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from imagelint.catalog.errors import CatalogConfigError, CatalogError
from imagelint.catalog.interface import Catalog
from imagelint.config_keys import DEFAULT_API_URL

if TYPE_CHECKING:
    from imagelint.app import Options
    from imagelint.catalog.snapshot import SnapshotCatalog
    from imagelint.catalog.waiting import WaitNotice


def build_catalog(options: Options) -> Catalog:
    """CatalogConfigError (a usage error) for a malformed API URL, in every mode, or one that
    would send credentials in clear, or a catalog-file that is no readable snapshot."""
    from imagelint.catalog.cache import open_cache
    from imagelint.catalog.endpoint import check_transport, parse_api_url
    from imagelint.catalog.layered import LayeredCatalog

    # Offline too: a typo in SCW_API_URL must not wait for the first run that needs it.
    endpoint = parse_api_url(options.api_url or options.env.get("SCW_API_URL") or DEFAULT_API_URL)
    snapshot = _snapshot(options)
    # Keyed by the URL as shown: the userinfo (a credential) never reaches the disk.
    cache = (
        open_cache(options.env, ttl=options.cache_ttl, negative_ttl=options.cache_negative_ttl)
        if options.use_cache
        else None
    )
    if options.catalog == "offline":
        return LayeredCatalog(cache=cache, api_url=endpoint.shown, live=None, snapshot=snapshot)
    secret = bool(options.env.get("SCW_SECRET_KEY"))
    check_transport(endpoint, secret=secret, allow_insecure=options.allow_insecure_api)
    from imagelint.catalog.lazy import LazyCatalog

    api_url = endpoint.url
    auto = options.catalog == "auto"
    # On a terminal (and not --quiet), a wait on the network longer than a second says so.
    notice = _notice() if options.progress else None
    live = LazyCatalog(endpoint.shown, lambda: _http_catalog(options, api_url, fallback=auto))
    return LayeredCatalog(
        cache=cache,
        api_url=endpoint.shown,
        live=live,
        # `api` is the live API only: no stale entry and no snapshot stands in for it.
        snapshot=snapshot if auto else None,
        read_cache=auto,
        notice=notice,
    )


def catalog_warnings(catalog: Catalog) -> list[str]:
    """What the report must say about where the catalog's answers came from."""
    warnings = getattr(catalog, "warnings", None)
    if callable(warnings):
        return list(warnings())
    fell_back = getattr(catalog, "fell_back_because", None)
    if not fell_back:
        return []
    return [
        f"the Marketplace API could not be reached ({fell_back}); "
        f"results come from the offline snapshot as of {catalog.source().as_of}"
    ]


def _notice() -> WaitNotice:
    import sys

    from imagelint.catalog.waiting import WaitNotice
    from imagelint.reporters.escape import escape_controls

    return WaitNotice(sys.stderr, escape=escape_controls)


def _snapshot(options: Options) -> SnapshotCatalog:
    from imagelint.catalog.snapshot import SnapshotCatalog

    if not options.catalog_file:
        return SnapshotCatalog()
    path = options.cwd / Path(options.catalog_file)
    snapshot = SnapshotCatalog(path)
    try:
        snapshot.source()  # read now: a team's broken export is a usage error, not a crash
    except CatalogError as error:
        raise CatalogConfigError(f"catalog-file: {error}") from None
    return snapshot


def _http_catalog(options: Options, api_url: str, *, fallback: bool) -> Catalog:
    from imagelint.catalog.http import HttpCatalog

    return HttpCatalog(
        base_url=api_url,
        secret_key=options.env.get("SCW_SECRET_KEY") or None,
        connect_timeout=options.connect_timeout,
        read_timeout=options.read_timeout,
        request_deadline=options.request_deadline,
        # Past it, auto mode's queries fail fast, and a first batch that failed falls back.
        run_deadline=options.auto_deadline if fallback else None,
        allow_insecure=options.allow_insecure_api,
        retries=options.retries,
        # With the snapshot to fall back on, a host that refuses connections or does not
        # resolve is asked once more, not through the whole backoff: pre-commit offline.
        connect_retries=min(options.retries, 1) if fallback else None,
        max_workers=options.catalog_concurrency,
        # The engine's RunCatalog is the run's one memo of answers; the client keeps an
        # answer only until it is first asked for (in flight, or sent ahead while reading).
        memoise=False,
    )
