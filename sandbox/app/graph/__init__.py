"""graph room (docstring to be written)."""
