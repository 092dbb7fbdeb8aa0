"""Qt layer. Nothing outside this package imports PySide6."""
