"""Site scrapers: one module per site, each registering itself for its hosts.

Import a new module here so that ``scrapers.extract`` knows it.
"""
from . import nadorcity  # noqa: F401
