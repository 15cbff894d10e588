"""Plain-text views for terminals and logs (``asl run --history``); pictures, HTML tables and
Jupyter are ``asl.viz``."""
