"""Services: every change a person can make to data, as a plain function.

The CLI and the desktop app call these and nothing else; each call that
changes data is one transaction with its change-log entries.
"""
