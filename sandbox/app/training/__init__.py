"""training room (docstring to be written)."""
