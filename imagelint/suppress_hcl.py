"""HCL comments for suppressions: `#`, `//` and `/* */` outside strings and heredocs, and the
construct (block, object, list, call, heredoc) each line opens."""

from __future__ import annotations

from imagelint.parsers.hcl_scan import (
    CLOSERS,
    CODE,
    COMMENTS,
    STRING,
    Bounds,
    comment_end,
    heredoc_end,
)
from imagelint.suppress_layout import Builder, Layout

# The parser refuses a file with more tokens than this, so it has no finding to suppress.
MAX_TOKENS = Bounds().max_tokens


def hcl_layout(text: str) -> Layout | None:
    """None for a file with more lexical tokens than imagelint parses."""
    built = Builder(text)
    extents = built.extents
    stack: list[tuple[str, int]] = []  # open brackets, strings and `${`, with their lines
    position = counted = 0  # counted: where `line` was last brought up to date
    line = 1
    for _ in range(MAX_TOKENS):
        in_string = bool(stack) and stack[-1][0] == '"'
        match = (STRING if in_string else CODE).search(text, position)
        if match is None:
            break
        token, start = match.group(), match.start()
        line += text.count("\n", counted, start)
        counted, position = start, match.end()
        if in_string:
            if token in ('"', "\n"):  # a string left open at its line end is the parser's
                stack.pop()
            elif token in ("${", "%{"):
                stack.append((token, line))
        elif token in COMMENTS:
            end = comment_end(text, token, position)
            end = len(text) if end < 0 else end
            body = text[position : max(end - 2, position)] if token == "/*" else text[position:end]
            built.comment(start, end, line, body)
            position = end
        elif token.startswith("<<"):
            closing = heredoc_end(token).search(text, position)
            position = len(text) if closing is None else closing.end()
            extents[line] = max(extents.get(line, line), line + text.count("\n", start, position))
        elif token in CLOSERS or token == '"':
            stack.append((token, line))
        elif stack and CLOSERS.get(stack[-1][0]) == token:
            opened = stack.pop()[1]
            if line > opened:
                extents[opened] = max(extents.get(opened, opened), line)
    else:
        return None
    last = text.count("\n") + 1
    for _, opened in stack:  # left open at the end of the file: to its last line
        extents[opened] = last
    return built.build()
