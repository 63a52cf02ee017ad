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


class DatabaseFault(IndicatorError):
    """The database cannot be used right now; the message says what happened and what to do."""


class DatabaseLocked(DatabaseFault):
    """Another writer holds the database for longer than the bounded wait."""


class DatabaseReadOnly(DatabaseFault):
    """The database (or its folder) cannot be written."""


class DatabaseFull(DatabaseFault):
    """The disk holding the database is full."""


class DatabaseCorrupt(DatabaseFault):
    """The database file is damaged or is not a database."""


class DatabaseUnreachable(DatabaseFault):
    """The database server cannot be reached or the file cannot be opened."""


class SignInRefused(IndicatorError):
    """A sign-in that is not even checked: too many failures, or input no account could have."""
