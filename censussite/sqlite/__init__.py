"""The site's SQLite database backend (`base.py`): Django's own, its writers taking turns."""
