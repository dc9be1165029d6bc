"""Which crawl failure reasons `mella crawl --retry-failed` may refetch, and why the others not.

A retry is worth it only when the failure was transient: the same request could succeed
later. Everything else (robots.txt said no, the page opted out, the bytes are not a usable
image, the text is not a native caption, the server says the URL does not exist) would fail
the same way again, or was refused on purpose, and retrying it would be impolite or useless.

`parse_reasons` checks a comma-separated list before any work: an unknown reason is an error
that lists the retryable ones; a known non-retryable one is an error that says why.
`http_5xx` stands for every 5xx answer (http_500 ... http_599); one code (`http_503`) works too.
"""

from __future__ import annotations

import re

# reason -> what it means (all transient: the same request may succeed later)
RETRYABLE: dict[str, str] = {
    "timeout": "no answer, or not all of it, within crawl.total_timeout_s",
    "connection_error": "the connection could not be opened or was reset",
    "incomplete_body": "the connection dropped before the whole body arrived",
    "content_encoding_error": "the server sent a body its Content-Encoding does not decode (a corrupt or unasked"
    " compression): not retried at once, but a server or CDN fault that is often fixed later",
    "http_5xx": "a server error answer (500-599; one code such as http_503 works too)",
    "http_429": "too many requests: the server asked us to slow down",
    "host_stopped": "the host refused a burst of requests (crawl.host_error_burst); its queued work was given up",
    "fetch_error": "an unexpected error of the HTTP client (the crawl treats it as the host being unreachable)",
    "dns_error": "the host name could not be resolved (resolvers fail for a while, too)",
}

# Known reasons (or families of reasons) that a retry refuses, with why.
NOT_RETRYABLE: list[tuple[str, str]] = [
    (r"robots_.*", "robots.txt refused it (or its host as a whole); the crawler obeys it and does not ask again"),
    (r"http_4\d\d", "the server says the request itself is wrong (not found, gone, forbidden): it would fail again"),
    (r"http_\d+", "an answer the crawler does not treat as transient"),
    (
        r"optout_.*",
        "the site opted out of AI use or indexing; its wish is final",
    ),
    (r"private_address|foreign_host|off_site_redirect|invalid_url|bad_url", "the URL is not one the crawler may fetch"),
    (r"too_large|too_many_redirects|not_html|svg|host_queue_full", "a limit of the crawl, not a passing fault"),
    (r"near_duplicate|duplicate_image", "a dedup decision, not a failed fetch"),
    (
        r"empty|not_image|decompression_bomb|bad_format|corrupt|tracking_pixel|too_small|bad_aspect",
        "the image's bytes failed the image checks; the same bytes would fail them again",
    ),
    (r"alt_.*", "an alt-text rule refused the text: a property of the text, not of a fetch"),
    (r"bad_redirect|redirect_loop", "the server's redirects are wrong: the same request gets the same answer"),
    (r"html_too_deep|bad_data_uri", "the page or inlined image is malformed: the same bytes fail again"),
    (r"sitemap_unreadable|warc_unreadable", "not a page or an image: a sitemap or WARC input is read by a new crawl"),
    (r"internal_error|unknown", "a crawler bug on that input: fix it and crawl again"),
]
NOT_RETRYABLE_KINDS = {
    "alt": "alt rows are texts the alt filter refused; a property of the text, not of a fetch",
    "robots": "a host refused as a whole because its robots.txt could not be read: crawl it again",
    "sitemap": "sitemap files are discovery only; the pages they list are retried as pages",
}
_HTTP_5XX = re.compile(r"^http_5\d\d$")


class RetryReasonError(ValueError):
    """A --retry-failed list that names an unknown or non-retryable reason."""


def retryable_help(long: bool = False) -> str:
    """The retryable reasons: names only (error messages) or with what each means (CLI help)."""
    if long:
        return "; ".join(f"{k}: {v}" for k, v in RETRYABLE.items())
    return ", ".join(RETRYABLE)


def parse_reasons(text: str | list[str]) -> list[str]:
    """'timeout,http_5xx' -> ['http_5xx', 'timeout'] (sorted, distinct), or RetryReasonError."""
    parts = text.split(",") if isinstance(text, str) else [p for t in text for p in t.split(",")]
    reasons = sorted({p.strip() for p in parts if p.strip()})
    if not reasons:
        raise RetryReasonError(f"--retry-failed: name at least one reason; retryable: {retryable_help()}")
    for reason in reasons:
        if reason in RETRYABLE or _HTTP_5XX.match(reason):
            continue
        why = next((w for pattern, w in NOT_RETRYABLE if re.fullmatch(pattern, reason)), None)
        if why is not None:
            raise RetryReasonError(f"--retry-failed: {reason!r} is not retryable: {why}. Retryable: {retryable_help()}")
        raise RetryReasonError(
            f"--retry-failed: unknown reason {reason!r}. Retryable reasons: {retryable_help()}. "
            "Not retryable (they would fail again, or were refused on purpose): robots_*, http_4xx but http_429, "
            "optout_*, image checks, alt_* rules, dedup, crawl limits"
        )
    return reasons


def selected(reason: str | None, reasons: list[str]) -> bool:
    """Whether a failure with `reason` is one that the (parsed) `reasons` retry."""
    if reason is None:
        return False
    return reason in reasons or ("http_5xx" in reasons and bool(_HTTP_5XX.match(reason)))
