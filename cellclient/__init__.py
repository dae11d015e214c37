"""Chi bộ số: the domain and local store of a party cell's records.

This package knows nothing of Qt or HTTP; the desktop app (``ui``) and the
sync engine (``sync``) stand on it.
"""

__version__ = "0.1.0"
