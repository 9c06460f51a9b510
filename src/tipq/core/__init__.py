"""The domain core: models, answer kinds, conditions, layouts, findings. No I/O, no UI.

Nothing here reads files, prints, or imports the command line, rich or typer (an
import-linter contract in pyproject.toml holds it to that).
"""
