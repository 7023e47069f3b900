"""The demo programme (``programme/``) and the ``seed_demo`` command that
writes it: tooling above every layer of ``docs/architecture.md``."""
