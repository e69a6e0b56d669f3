"""Every error diplo-kg raises on purpose, with a message that says how to fix it.

The CLI turns a DiploError into one line `Error: ...` and a non-zero exit status, in one place
(`diplo.cli.main`); nothing else prints them.
"""


class DiploError(Exception):
    """Base class: a problem the user can understand and act on."""

    exit_code = 1


class RejectedArticle(DiploError):
    """An input file or record is not an article diplo-kg can ingest."""

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason

    def __reduce__(self):  # rejections travel back from worker processes
        return type(self), (self.source, self.reason)


class SkippedArticle(DiploError):
    """An article diplo-kg leaves aside on purpose (a language it does not read): named and
    counted in the run's summary, not an error (the exit status stays 0)."""

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}; skipped")
        self.source = source
        self.reason = reason

    def __reduce__(self):
        return type(self), (self.source, self.reason)


class StoreError(DiploError):
    """The store cannot be opened, read or written."""


class StoreBusy(StoreError):
    """Another diplo process holds the store."""


class StoreReadOnly(StoreError):
    """The store cannot be written here (a read-only file system, no permission); it can be read."""


class QueryError(DiploError):
    """A SPARQL query is malformed or fails."""


class UsageError(DiploError):
    exit_code = 2
