"""Templates as lexed (pieces) and as hcl_syntax parts, assembled the way HCL does it."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from imagelint.parsers.hcl_syntax import Expr, TemplateFor, TemplateIf, TemplatePart


class TemplateError(Exception):
    """A template Terraform rejects, at an offset into the text."""

    def __init__(self, offset: int, message: str, *, lexical: bool = False) -> None:
        super().__init__(message)
        self.offset = offset
        self.message = message
        self.lexical = lexical  # something left unterminated: hcl_scan locates those too


@dataclass(frozen=True, kw_only=True)
class Piece:
    """One token of a template: literal text, an interpolation, or a directive."""

    kind: str  # "text" "interp" or a directive keyword: "if" "else" "endif" "for" "endfor"
    start: int  # offset of the token's first character
    text: str = ""  # a "text" piece's literal, escapes resolved
    strip_before: bool = False  # `${~` / `%{~`
    strip_after: bool = False  # `~}`
    key_var: str | None = None  # `for` only
    value_var: str = ""  # `for` only

    @property
    def has_expr(self) -> bool:
        """Interpolations, `if` and `for`: the rewritten tuple holds their expression."""
        return self.kind in ("interp", "if", "for")


@dataclass(frozen=True, kw_only=True)
class RawTemplate:
    start: int
    end: int  # just past the closing quote or the heredoc's closing marker
    pieces: tuple[Piece, ...]
    heredoc: bool = False
    flush: bool = False  # `<<-`: common leading whitespace is removed


# Go's unicode.IsSpace, which HCL trims with: Python's str.isspace() also counts the
# information separators U+001C..U+001F.
_NOT_SPACE = "\x1c\x1d\x1e\x1f"


@dataclass
class _Literal:
    text: str


_Token = _Literal | tuple[Piece, Expr | None]


def assemble(template: RawTemplate, exprs: Sequence[Expr]) -> tuple[TemplatePart, ...]:
    """The template's parts; `exprs` are its sequences' expressions, in order. As HCL does:
    strip markers, then `<<-` indentation, then adjacent literals joined, then nesting."""
    tokens = _strip(template.pieces, iter(exprs))
    if template.flush:
        _flush(tokens)
    tokens = _meld(tokens) or [_Literal("")]  # `""` is one empty literal, as in HCL
    parts, end = _nest(tokens, 0, None)
    if end < len(tokens):
        piece, _ = _directive(tokens[end])
        raise TemplateError(piece.start, f"unexpected {piece.kind} directive")
    return parts


def _space_prefix(text: str) -> int:
    count = 0
    for char in text:
        if not char.isspace() or char in _NOT_SPACE:
            break
        count += 1
    return count


def _rstrip(text: str) -> str:
    end = len(text)
    while end and text[end - 1].isspace() and text[end - 1] not in _NOT_SPACE:
        end -= 1
    return text[:end]


def _strip(pieces: Sequence[Piece], exprs: Iterator[Expr]) -> list[_Token]:
    """Tokens with strip markers applied: `~` trims the whitespace of the literal right
    beside it, and only that one (a heredoc has one literal per line)."""
    tokens: list[_Token] = []
    trim_next = False
    for piece in pieces:
        trim, trim_next = trim_next, False
        if piece.kind == "text":
            tokens.append(_Literal(piece.text[_space_prefix(piece.text) :] if trim else piece.text))
            continue
        if piece.strip_before and tokens and isinstance(tokens[-1], _Literal):
            tokens[-1].text = _rstrip(tokens[-1].text)
        tokens.append((piece, next(exprs) if piece.has_expr else None))
        trim_next = piece.strip_after
    return tokens


def _flush(tokens: list[_Token]) -> None:
    """`<<-`: remove from each line the whitespace all lines share. A line that starts with a
    sequence shares none; a blank line does not count."""
    fewest: int | None = None
    adjust: list[_Literal] = []
    line_start = True
    for token in tokens:
        if line_start:
            line_start = False
            if not isinstance(token, _Literal):
                fewest = 0
            elif token.text.strip() or not token.text.endswith("\n"):
                spaces = _space_prefix(token.text)
                fewest = spaces if fewest is None else min(fewest, spaces)
                adjust.append(token)
        if isinstance(token, _Literal) and token.text.endswith("\n"):
            line_start = True
    for literal in adjust:
        literal.text = literal.text[fewest or 0 :]


def _meld(tokens: list[_Token]) -> list[_Token]:
    melded: list[_Token] = []
    for token in tokens:
        if isinstance(token, _Literal) and melded and isinstance(melded[-1], _Literal):
            melded[-1] = _Literal(melded[-1].text + token.text)
        else:
            melded.append(token)
    return melded


def _directive(token: _Token) -> tuple[Piece, Expr | None]:
    if isinstance(token, _Literal):
        raise TypeError("a literal is not a directive")
    return token


def _nest(
    tokens: list[_Token], position: int, opened: Piece | None
) -> tuple[tuple[TemplatePart, ...], int]:
    """Parts from `position` up to the directive that ends `opened` (or to the end); returns
    them with the index of that directive."""
    parts: list[TemplatePart] = []
    while position < len(tokens):
        token = tokens[position]
        if isinstance(token, _Literal):
            parts.append(token.text)
            position += 1
            continue
        piece, expr = token
        if piece.kind in ("else", "endif", "endfor"):
            return tuple(parts), position
        if piece.kind == "interp" and expr is not None:
            parts.append(expr)
            position += 1
        elif piece.kind == "if" and expr is not None:
            then, position = _body(tokens, position + 1, piece, ("else", "endif"))
            otherwise: tuple[TemplatePart, ...] = ()
            if _directive(tokens[position])[0].kind == "else":
                otherwise, position = _body(tokens, position + 1, piece, ("endif",))
            parts.append(TemplateIf(condition=expr, then=then, otherwise=otherwise))
            position += 1
        elif piece.kind == "for" and expr is not None:
            body, position = _body(tokens, position + 1, piece, ("endfor",))
            parts.append(
                TemplateFor(
                    key_var=piece.key_var, value_var=piece.value_var, collection=expr, body=body
                )
            )
            position += 1
    if opened is not None:
        end = "endif" if opened.kind == "if" else "endfor"
        raise TemplateError(opened.start, f"the {opened.kind} directive has no {end}")
    return tuple(parts), position


def _body(
    tokens: list[_Token], position: int, opened: Piece, enders: tuple[str, ...]
) -> tuple[tuple[TemplatePart, ...], int]:
    parts, position = _nest(tokens, position, opened)
    piece, _ = _directive(tokens[position])
    if piece.kind not in enders:
        raise TemplateError(piece.start, f"unexpected {piece.kind} directive")
    return parts, position
