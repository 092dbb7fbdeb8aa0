"""Round, rubric, scores and evidence links (issue 4). Mixed into Project."""

from __future__ import annotations


class ScoringMixin:
    """Operations on the round's rubric and scores; see Project for conventions."""
