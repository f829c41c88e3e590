"""konwent: the document pipeline of a Konwent's secretariat."""

__version__ = "0.1.0"
