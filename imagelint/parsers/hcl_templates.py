"""Quoted strings and heredocs, lexed here so that python-hcl2 only ever parses expressions."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from imagelint.parsers.hcl_scan import COMMENTS, comment_end
from imagelint.parsers.hcl_template_parts import Piece, RawTemplate, TemplateError

# Code: comments, strings, heredocs; brackets only matter inside a sequence.
_TOP = re.compile(r'#|//|/\*|"|<<-?([A-Za-z][A-Za-z0-9._-]*)\r?\n')
_NESTED = re.compile(r'#|//|/\*|"|<<-?([A-Za-z][A-Za-z0-9._-]*)\r?\n|[{}()\[\]]')
# A string python-hcl2 reads as Terraform does, left as it is: no escape, no sequence.
_PLAIN = re.compile(r'"[^"\\$%\n]*"')
_QUOTED = re.compile(r'\\.|\$\$\{|%%\{|\$\{|%\{|"|\n', re.S)
_HEREDOC = re.compile(r"\$\$\{|%%\{|\$\{|%\{|\n")
_KEYWORD = re.compile(r"\s*([A-Za-z_][A-Za-z0-9_-]*)")
_FOR_NAMES = re.compile(
    r"\s+([A-Za-z_][A-Za-z0-9_-]*)\s*(?:,\s*([A-Za-z_][A-Za-z0-9_-]*)\s*)?in(?![A-Za-z0-9_-])"
)
_CLOSE = re.compile(r"\s*(~?)\}")
_NOT_NEWLINE = re.compile(r"[^\n]")
_ESCAPE = re.compile(r"\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))|\$\$\{|%%\{", re.S)
_SIMPLE_ESCAPES = {"n": "\n", "r": "\r", "t": "\t", '"': '"', "\\": "\\"}
_DIRECTIVES = ("if", "else", "endif", "for", "endfor")


@dataclass(frozen=True)
class Lexed:
    text: str  # what python-hcl2 parses
    templates: dict[int, RawTemplate]  # by start offset; a plain string has none


def lex(text: str) -> Lexed:
    """Every template of the text, and the text rewritten for python-hcl2.

    python-hcl2 rejects templates Terraform reads (an interpolation spread over lines, `${~`
    strip markers) and hands heredocs over as raw text. Here each template is split into
    literal text and `${...}`/`%{...}` sequences, and rewritten as a tuple of its sequences'
    expressions (`"a${x}b%{ if c }"` -> `[  (x) ,(c)]`); one without sequences becomes an
    empty string or tuple; block comments become spaces. Every character keeps its place and
    every newline stays, so each position python-hcl2 reports is one in the original text.

    Raises TemplateError for a template Terraform would reject.
    """
    lexer = _Lexer(text)
    lexer.code(0, nested=False)
    if not lexer.edits:
        return Lexed(text, lexer.templates)
    pieces: list[str] = []
    done = 0
    for start, replacement in sorted(lexer.edits):
        pieces += (text[done:start], replacement)
        done = start + len(replacement)
    pieces.append(text[done:])
    return Lexed("".join(pieces), lexer.templates)


def _blank(chunk: str) -> str:
    return _NOT_NEWLINE.sub(" ", chunk)


class _Lexer:
    def __init__(self, text: str) -> None:
        self.text = text
        self.templates: dict[int, RawTemplate] = {}
        self.edits: list[tuple[int, str]] = []  # (offset, same-length replacement)

    def code(self, position: int, *, nested: bool) -> int:
        """Skip code from `position`; nested (inside a sequence), return the offset of the
        `}` that closes the sequence, else run to the end of the text."""
        text, depth, begin = self.text, 0, position
        pattern = _NESTED if nested else _TOP
        while (match := pattern.search(text, position)) is not None:
            token, start, position = match.group(), match.start(), match.end()
            if token in COMMENTS:
                position = comment_end(text, token, position)
                if position < 0:
                    raise TemplateError(start, "unterminated comment", lexical=True)
                if token == "/*":
                    self.edits.append((start, _blank(text[start:position])))
            elif token == '"':
                plain = _PLAIN.match(text, start)
                position = plain.end() if plain else self.quoted(start)
            elif token.startswith("<<"):
                position = self.heredoc(match)
            elif token in "{([":
                depth += 1
            elif depth == 0 and token == "}":
                return start
            else:
                depth = max(depth - 1, 0)
        if nested:
            raise TemplateError(begin, "unterminated sequence", lexical=True)
        return len(text)

    def quoted(self, start: int) -> int:
        text, pieces = self.text, _Pieces(self, heredoc=False)
        literal = position = start + 1  # where the current literal started; where to search
        while True:
            match = _QUOTED.search(text, position)
            if match is None or match.group() == "\n":
                raise TemplateError(start, "unterminated string", lexical=True)
            token, position = match.group(), match.end()
            if token in ("${", "%{"):
                pieces.text(literal, match.start())
                literal = position = pieces.sequence(match.start())
            elif token == '"':
                pieces.text(literal, match.start())
                break
        self.finish(RawTemplate(start=start, end=position, pieces=pieces.done()), pieces.items)
        return position

    def heredoc(self, opener: re.Match[str]) -> int:
        text, marker = self.text, opener.group(1)
        closer = re.compile(rf"^[ \t]*({re.escape(marker)})\r?$", re.M).search(text, opener.end())
        if closer is None:
            raise TemplateError(opener.start(), "unterminated heredoc", lexical=True)
        body_end = closer.start()
        pieces = _Pieces(self, heredoc=True)
        literal = position = opener.end()
        while (match := _HEREDOC.search(text, position, body_end)) is not None:
            token, position = match.group(), match.end()
            if token in ("${", "%{"):
                pieces.text(literal, match.start())
                literal = position = pieces.sequence(match.start())
                if position > body_end:
                    raise TemplateError(match.start(), "unterminated sequence", lexical=True)
            elif token == "\n":
                pieces.text(literal, position)  # a heredoc has one literal per line
                literal = position
        pieces.text(literal, body_end)
        template = RawTemplate(
            start=opener.start(),
            end=closer.end(1),
            pieces=pieces.done(),
            heredoc=True,
            flush=opener.group().startswith("<<-"),
        )
        self.finish(template, pieces.items)
        return closer.end(1)

    def finish(self, template: RawTemplate, items: int) -> None:
        """Record the template; rewrite its delimiters (its body is rewritten piece by piece)."""
        self.templates[template.start] = template
        text, start, end = self.text, template.start, template.end
        if template.heredoc:
            opener = text.index("\n", start) + 1
            self.edits.append((start, "[" + _blank(text[start + 1 : opener])))
            marker = text.rindex("\n", start, end) + 1  # the closing marker's line
            closing = text[marker:end]
            indent = len(closing) - len(closing.lstrip(" \t"))
            self.edits.append((marker, closing[:indent] + " " * (len(closing) - indent - 1) + "]"))
        elif items:
            self.edits += ((start, "["), (end - 1, "]"))


class _Pieces:
    """The pieces of one template as they are lexed, and the rewrite of its body."""

    def __init__(self, lexer: _Lexer, *, heredoc: bool) -> None:
        self.lexer = lexer
        self.heredoc = heredoc
        self.pieces: list[Piece] = []
        self.items = 0  # expressions so far: each becomes an element of the tuple

    def done(self) -> tuple[Piece, ...]:
        return tuple(self.pieces)

    def text(self, start: int, end: int) -> None:
        if start == end:
            return
        raw = self.lexer.text[start:end]
        self.lexer.edits.append((start, _blank(raw)))
        self.pieces.append(Piece(kind="text", start=start, text=self.unescape(raw, start)))

    def unescape(self, raw: str, start: int) -> str:
        if "\\" not in raw and "$${" not in raw and "%%{" not in raw:
            return raw

        def resolve(match: re.Match[str]) -> str:
            found = match.group()
            if found in ("$${", "%%{"):
                return found[1:]
            if self.heredoc:  # a heredoc knows no backslash escapes
                return found
            code = match.group(1) or match.group(2)
            if code:
                return chr(min(int(code, 16), 0x10FFFF))
            if match.group(3) in _SIMPLE_ESCAPES:
                return _SIMPLE_ESCAPES[match.group(3)]
            raise TemplateError(start + match.start(), f"invalid escape sequence {found!r}")

        return _ESCAPE.sub(resolve, raw)

    def sequence(self, start: int) -> int:
        """Lex the `${...}` or `%{...}` at `start`; return the offset just past it."""
        text = self.lexer.text
        strip_before = text.startswith("~", start + 2)
        inner = start + 2 + strip_before
        if text[start] == "$":
            return self.expression(
                Piece(kind="interp", start=start, strip_before=strip_before), inner
            )
        keyword = _KEYWORD.match(text, inner)
        if keyword is None or keyword.group(1) not in _DIRECTIVES:
            word = keyword.group(1) if keyword else text[inner : inner + 1]
            raise TemplateError(start, f"invalid template directive {word!r}")
        kind, after = keyword.group(1), keyword.end()
        if kind == "if":
            return self.expression(Piece(kind="if", start=start, strip_before=strip_before), after)
        if kind == "for":
            names = _FOR_NAMES.match(text, after)
            if names is None:
                raise TemplateError(start, "a for directive reads `for NAME in` or `for K, V in`")
            key, value = names.group(1, 2)
            piece = Piece(
                kind="for",
                start=start,
                strip_before=strip_before,
                key_var=key if value else None,
                value_var=value or key,
            )
            return self.expression(piece, names.end())
        close = _CLOSE.match(text, after)
        if close is None:
            raise TemplateError(after, f"extra characters in the {kind} directive")
        self.pieces.append(
            Piece(kind=kind, start=start, strip_before=strip_before, strip_after=bool(close[1]))
        )
        self.lexer.edits.append((start, _blank(text[start : close.end()])))
        return close.end()

    def expression(self, piece: Piece, inner: int) -> int:
        """The sequence's expression runs from `inner` to its closing brace: it stays in
        place, in parentheses, as the tuple's next element."""
        text = self.lexer.text
        close = self.lexer.code(inner, nested=True)
        strip_after = text[close - 1] == "~" and close - 1 >= inner
        opener = ("," if self.items else " ") + "("
        head = _blank(text[piece.start : inner - 2]) + opener
        self.lexer.edits.append((piece.start, head))
        self.lexer.edits.append((close - strip_after, " " * strip_after + ")"))
        self.items += 1
        self.pieces.append(replace(piece, strip_after=strip_after))
        return close + 1
