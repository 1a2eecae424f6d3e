"""Named failures of the API's own services; messages are safe to show."""


class TokenError(Exception):
    """A token could not be issued or revoked; the message says why."""
