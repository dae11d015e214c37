"""``cellclient meetings ...`` (filled in with the meetings service)."""


def register(sub) -> None:
    sub.add_parser("meetings", help="sinh hoạt chi bộ / meetings")
