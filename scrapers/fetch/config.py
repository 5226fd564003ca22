"""Settings of one fetching run: who we say we are, how long we wait, how polite we are.

Defaults are for a production cron job against a real news site; tests pass
tiny delays and timeouts through the same fields (the CLI options map onto
them one to one), so the code paths exercised are the real ones.
"""
from __future__ import annotations

from dataclasses import dataclass


def default_user_agent() -> str:
    """``akhbar/<version>``: site operators can see and filter us by name."""
    try:
        from importlib.metadata import PackageNotFoundError, version
        try:
            return f"akhbar/{version('akhbar')} (+https://github.com/akhbar)"
        except PackageNotFoundError:
            pass
    except ImportError:  # pragma: no cover
        pass
    return "akhbar/0.1.0 (+https://github.com/akhbar)"


# The robots.txt product token: rules for "akhbar" apply whatever the version.
ROBOTS_AGENT = "akhbar"


@dataclass
class FetchConfig:
    user_agent: str = ""
    connect_timeout: float = 10.0
    read_timeout: float = 30.0
    total_timeout: float = 60.0       # one attempt, headers and streamed body included
    max_redirects: int = 5
    max_bytes: int = 10 * 1024 * 1024
    retries: int = 3                  # extra attempts after the first
    backoff: float = 1.0              # first retry waits ~backoff s, doubling, with jitter
    max_backoff: float = 60.0
    max_retry_after: float = 300.0    # a longer Retry-After gives up on the URL for this run
    delay: float = 1.0                # minimum seconds between two requests to one host
    concurrency: int = 4              # requests in flight overall
    per_host: int = 2                 # requests in flight per host
    obey_robots: bool = True

    def __post_init__(self) -> None:
        if not self.user_agent:
            self.user_agent = default_user_agent()
