"""teaching room (docstring to be written)."""
