"""Named failures of the performance services; messages are safe to show to people."""


class PerformanceError(Exception):
    pass


class ReleaseLocked(PerformanceError):
    pass


class ReleaseStateError(PerformanceError):
    pass


class ValueRejected(PerformanceError):
    """A figure that contradicts its unit or its measure. ``errors`` maps field → message."""

    def __init__(self, errors: dict[str, str]):
        self.errors = errors
        super().__init__(" ".join(errors.values()))


class UploadRejected(PerformanceError):
    """An upload with problems; ``problems`` lists every one (row, field, message). Nothing was saved."""

    def __init__(self, problems: list[object]):
        self.problems = problems
        super().__init__(f"{len(problems)} problem(s); nothing was saved.")


class ValueConflict(PerformanceError):
    """Someone saved a figure for the same period and scope after this person opened the page."""
