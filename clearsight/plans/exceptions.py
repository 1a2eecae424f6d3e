"""Named failures of plan services, each with a message a person can act on."""


class PlanError(Exception):
    """Base class: the message is safe and useful to show to the user."""


class EditConflict(PlanError):
    """Someone else saved this record after you opened it."""

    def __init__(self, what: str = "This action"):
        super().__init__(
            f"{what} was changed by someone else after you opened it. Your changes have not been "
            "saved: reload the page to see their changes, then make yours again."
        )


class SprintError(PlanError):
    pass


class DueDateError(PlanError):
    pass
