"""Exit codes, documented in the README; cron jobs and scripts rely on them."""

OK = 0
SOME_FAILED = 1      # some inputs failed; the others were still stored
USAGE = 2            # usage error, or the archive cannot be opened/read
ARCHIVE_BUSY = 3     # another akhbar run holds the archive's lock
NOTHING_FETCHED = 4  # no page could be fetched at all (network down, bad host)
INTERRUPTED = 130    # Ctrl-C / SIGTERM: the page in hand was finished or rolled back
INTERNAL = 70        # a bug in akhbar: one line on stderr (AKHBAR_DEBUG=1 for the traceback)


class CliError(Exception):
    """A one-line error for stderr with its exit code."""

    def __init__(self, message: str, code: int = USAGE):
        super().__init__(message)
        self.code = code
