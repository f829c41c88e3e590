"""konwent's bundled Word templates, installed as the package ``pipeline.templates`` (see setup.py)."""
