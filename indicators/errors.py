"""The domain's error family: pages and the CLI catch only these."""

from __future__ import annotations


class IndicatorError(Exception):
    """Base class for every error a user of the dashboard may need to read."""


class UnknownIndicator(IndicatorError):
    """An indicator id that is not in the catalogue."""


class PeriodError(IndicatorError, ValueError):
    """A period code that cannot be parsed for the given period type."""


class CohortError(IndicatorError, ValueError):
    """A dimension or category spelling that cannot be mapped to the canonical set."""


class NotAuthorised(IndicatorError):
    """The current user's role does not allow the action."""


class VersionError(IndicatorError):
    """A dataset version that does not exist or cannot be made current."""
