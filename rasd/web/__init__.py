"""The HTTP API and the map page over the monitoring store (`rasd serve`).

`rasd.web.app.create_app(store)` builds the FastAPI application; importing this package imports nothing else,
so the command line stays quick to start.
"""

__all__: list[str] = []
