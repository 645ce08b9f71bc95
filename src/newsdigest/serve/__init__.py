"""``newsdigest serve``: a REST API and a reading page over the story store.

``create_app(db)`` (in ``app``) builds the ASGI app; ``cli.serve_cmd`` runs it with uvicorn. The
web stack is imported only when used, so other commands start as fast as before.
"""


def __getattr__(name):
    if name == "create_app":
        from newsdigest.serve.app import create_app

        return create_app
    raise AttributeError(name)


__all__ = ["create_app"]
