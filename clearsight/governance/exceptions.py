"""Named failures of governance services, each with a message a person can act on."""


class GovernanceError(Exception):
    """Base class: the message is safe and useful to show to the user."""


class GovernanceConflict(GovernanceError):
    """Someone else saved this record after you opened it."""

    def __init__(self, what: str):
        super().__init__(
            f"{what} was changed by someone else after you opened it. Your changes have not been saved: "
            "reload the page to see theirs, then make yours again."
        )


class WrongAuthority(GovernanceError):
    """A link to something (a person, an action, a measure) that belongs to another authority."""
