"""Errors the storage layer reports to the CLI as one-line messages."""


class ArchiveError(Exception):
    """The archive cannot be opened or used (bad path, not SQLite, newer schema...)."""


class ArchiveBusy(ArchiveError):
    """Another akhbar process holds the archive's write lock."""
