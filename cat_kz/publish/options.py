"""Values of command-line options, checked as argparse reads them: whole numbers in a range, host names, tokens.

Each raises ``argparse.ArgumentTypeError`` with a one-line reason, which argparse
prints with the option's name (exit 2).

>>> whole_number(1, 8)("3")
3
"""

from __future__ import annotations

import argparse
import contextlib
import ipaddress
import re


def whole_number(low: int, high: int | None = None):
    """An argparse ``type``: a whole number from ``low`` (to ``high``), else a one-line usage error.

    >>> whole_number(1, 65535)("8866"), whole_number(0)("0")
    (8866, 0)
    >>> whole_number(1)("0")
    Traceback (most recent call last):
    ...
    argparse.ArgumentTypeError: '0' is not a whole number of at least 1
    """

    def parse(text: str) -> int:
        span = f"from {low} to {high}" if high is not None else f"of at least {low}"
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a whole number {span}") from None
        if value < low or (high is not None and value > high):
            raise argparse.ArgumentTypeError(f"{text!r} is not a whole number {span}")
        return value

    return parse


def host_name(text: str) -> str:
    """An argparse ``type``: an IP address (IPv6 with or without brackets) or a host name.

    >>> host_name("[::1]"), host_name("localhost"), host_name("example.org.")
    ('::1', 'localhost', 'example.org.')
    """
    bare = text[1:-1] if text.startswith("[") and text.endswith("]") else text
    with contextlib.suppress(ValueError):
        return str(ipaddress.ip_address(bare))
    if re.fullmatch(
        r"(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.?",
        text,
    ):
        return text
    raise argparse.ArgumentTypeError(f"{text!r} is not an IP address or a host name")


def token_text(text: str) -> str:
    """An argparse ``type``: a token for the viewers' link (not empty, no spaces or control characters;
    the link quotes the rest)."""
    if not text or any(c.isspace() or not c.isprintable() for c in text):
        raise argparse.ArgumentTypeError("a token must be non-empty, with no spaces or control characters")
    return text
