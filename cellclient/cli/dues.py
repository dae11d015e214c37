"""``cellclient dues ...`` (filled in with the dues service)."""


def register(sub) -> None:
    sub.add_parser("dues", help="đảng phí / dues")
