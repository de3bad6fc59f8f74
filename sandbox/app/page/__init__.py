"""page room (docstring to be written)."""
