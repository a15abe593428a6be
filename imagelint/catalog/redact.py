"""Keep credentials out of printed text: the API token and userinfo in URLs."""

from __future__ import annotations

# The shortest run of the token worth hiding: a gateway may echo a cut token ("SCWSECRE...").
# Shorter runs would mask ordinary text (a UUID shares 4-character runs with many others).
MIN_RUN = 8


def mask_userinfo(url: str) -> str:
    """`url` with any user:password@ part shown as `***@`; works on unparsable text too: the
    authority starts after the first "//" (or at the start without one) and ends at "/?#"."""
    scheme_end = url.find("//")
    start = scheme_end + 2 if scheme_end != -1 else 0
    end = min((i for i in (url.find(c, start) for c in "/?#") if i != -1), default=len(url))
    at = url.rfind("@", start, end)
    return url if at == -1 else f"{url[:start]}***{url[at:]}"


class Redactor:
    """Masks the token, and every run of MIN_RUN or more of its characters, in text that
    may quote it: the API's own error messages above all."""

    def __init__(self, secret: str | None) -> None:
        self._secret = secret or None

    def clean(self, text: str, *, limit: int) -> str:
        """`text` masked, non-printable characters escaped, then cut to `limit` characters.
        Masking comes before the cut, so a cut never leaves the token's first characters."""
        # Escapes only lengthen text, and a token reaching into the first `limit` characters
        # ends before limit + its length: nothing past that can show.
        text = _printable(text[: limit + len(self._secret or "")])
        if self._secret is not None:
            text = self._mask(text)
        return text if len(text) <= limit else text[: limit - 3] + "..."

    def echoes(self, text: str) -> bool:
        """Whether `text` holds the token or a run of it that `clean` would mask."""
        return self._secret is not None and self._mask(text) != text

    def _mask(self, text: str) -> str:
        assert self._secret is not None
        secret, run = self._secret, min(MIN_RUN, len(self._secret))
        out: list[str] = []
        i = 0
        while i < len(text):
            # Any longer run starting here begins with this one: test it first, it is cheap.
            if i + run <= len(text) and text[i : i + run] in secret:
                longest = min(len(secret), len(text) - i)
                length = max(n for n in range(run, longest + 1) if text[i : i + n] in secret)
                out.append("***")
                i += length
            else:
                out.append(text[i])
                i += 1
        return "".join(out)


def _printable(text: str) -> str:
    # Lone surrogates and control characters from an API body must not reach a terminal, nor
    # stop the UTF-8 encoder of the report writer.
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode() for c in text)
