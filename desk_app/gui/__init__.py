"""The PySide6 interface: the board, dialogs and views (the only place Qt is imported)."""
