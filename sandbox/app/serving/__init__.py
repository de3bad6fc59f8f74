"""serving room (docstring to be written)."""
