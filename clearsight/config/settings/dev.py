"""Development: DEBUG on (DJANGO_DEBUG=false turns it off, e.g. to measure speed), SQLite under ./var,
e-mail to the console."""

from clearsight.config.env import env_bool
from clearsight.config.settings.base import *  # noqa: F403
from clearsight.config.settings.base import DATA_DIR

DEBUG = env_bool("DJANGO_DEBUG", True)
DATA_DIR.mkdir(parents=True, exist_ok=True)
