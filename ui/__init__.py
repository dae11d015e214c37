"""The PySide6 desktop app. It calls ``cellclient`` services and never runs SQL."""
