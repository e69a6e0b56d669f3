"""The kind algebra of contacts, shared by the within-article and the cross-article merge.

A contact's kind is one of `KINDS`. Two reports of one contact may name it differently: "talks"
says nothing of the mode and agrees with any kind; a visit is also a meeting. When they agree,
the merged contact keeps the more specific kind.
"""

from __future__ import annotations

KINDS = ("video_call", "phone_call", "visit", "meeting", "talks")
SPECIFICITY = {"talks": 0, "meeting": 1, "visit": 2, "phone_call": 2, "video_call": 2}


def kinds_compatible(a: str, b: str) -> bool:
    """Whether two reported kinds can describe the same contact."""
    if a == b or "talks" in (a, b):
        return True
    return {a, b} == {"visit", "meeting"}


def more_specific_kind(a: str, b: str) -> str:
    return a if SPECIFICITY[a] >= SPECIFICITY[b] else b
