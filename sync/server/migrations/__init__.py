"""Alembic migrations of the server database (a package so that installs carry it)."""
