"""Development: DEBUG on, SQLite under ./var, e-mail to the console."""

from clearsight.config.settings.base import *  # noqa: F403
from clearsight.config.settings.base import DATA_DIR

DEBUG = True
DATA_DIR.mkdir(parents=True, exist_ok=True)
