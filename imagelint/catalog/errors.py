"""Errors of the catalog layer.

    CatalogError                 the catalog could not answer at all
    ├── CatalogUnavailable       transport error, timeout, 429/5xx after retries, bad JSON
    └── CatalogRejected          401/403 or another non-retryable HTTP error
    CatalogConfigError           the API URL cannot be used as given: a usage error (exit 2)

"No such image" is not an error: it is an answer (`NotFound`). A failure for a single
query is also an answer (`Miss` with `unavailable=True`), so the rest of a run is still
checked; these exceptions are for the cases where a whole layer is out.
"""

from __future__ import annotations


class CatalogError(Exception):
    """The catalog could not answer."""


class CatalogUnavailable(CatalogError):
    """The Marketplace could not be reached or kept failing."""


class CatalogRejected(CatalogError):
    """The Marketplace refused the request (credentials, permissions, bad request)."""


class CatalogConfigError(ValueError):
    """The API URL is malformed, or would send credentials in clear; the message names the
    URL with any userinfo masked."""
