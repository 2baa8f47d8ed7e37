"""The embedded default's SQLite: a number beyond 64 bits in any query answers "no such row".

SQLite stores integers in 64 bits, and Python's sqlite3 raises OverflowError (a 500) when a
larger one is bound to a query: `coverage_regions=99999999999999999999` on a form, any
integer filter in a URL. PostgreSQL refuses such a number as a clean "no match" already.
Registering an adapter for `int` makes sqlite3 consult it for every integer: in range, the
number goes through as it is; beyond, it is bound as its text, which equals no integer in
an INTEGER column, so the lookup finds nothing (forms then say "not one of the choices").
Model fields' own validators keep such a number from ever being stored.
"""

import sqlite3

INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1


def bound_integer(value: int) -> int | str:
    return value if INT64_MIN <= value <= INT64_MAX else str(value)


def sqlite_integers_bounded() -> None:
    sqlite3.register_adapter(int, bound_integer)
