"""One reading of the numbers people type into query strings and forms: ASCII digits, within bigint.

``str.isdigit()`` accepts ``²`` and ``٣``, which ``int()`` then refuses or reads as another number, and
any length, which PostgreSQL then refuses as out of range: every numeric parameter is read here instead.
"""

import re

# ASCII digits only; eighteen always fit PostgreSQL's bigint (and Python's int without surprises).
_NUMBER = re.compile(r"[0-9]{1,18}", re.ASCII)


def is_number(value) -> bool:
    """Whether ``value`` is a string of ASCII digits that fits a database id."""
    return isinstance(value, str) and _NUMBER.fullmatch(value) is not None


def number(value, default=None):
    """The integer ``value`` spells in ASCII digits, else ``default``."""
    return int(value) if is_number(value) else default
