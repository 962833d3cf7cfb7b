"""The web app: server-rendered pages for patients, carers and care teams, and the JSON API."""

from mbcwatch.web.app import create_app

__all__ = ["create_app"]
