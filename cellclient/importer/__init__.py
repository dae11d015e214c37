"""Import a cell's member list from the Excel or CSV file it is kept in.

``import_file`` reads the list, checks every row and writes all members in one
transaction, or nothing when any row is wrong; ``ImportReport`` says what it
found, row by row.
"""

from .core import import_file
from .report import ImportReport

__all__ = ["import_file", "ImportReport"]
