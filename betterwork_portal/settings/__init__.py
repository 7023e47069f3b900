"""Settings modules: ``local`` for manage.py, ``production`` for WSGI/ASGI,
``test`` for pytest. All of them read the environment through ``base``."""
