"""The error hierarchy, defined with the ingest package (which raises most of them) and
re-exported here for the diplo side: `from diplo.errors import DiploError` keeps working."""

from ingest.errors import (DiploError, QueryError, RejectedArticle, SkippedArticle, StoreBusy, StoreError,
                           StoreReadOnly, UsageError)

__all__ = ["DiploError", "QueryError", "RejectedArticle", "SkippedArticle", "StoreBusy", "StoreError", "StoreReadOnly",
           "UsageError"]
