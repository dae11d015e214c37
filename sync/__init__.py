"""Sync: the protocol both ends share, the client engine, and the reference server."""
