"""Hosts that serve tracking pixels and ad beacons, never pictures: an <img> that points at one is
not fetched (and its host's robots.txt not asked for), and fails as `tracking_pixel`.

Fetching them would tell the trackers about the crawl and cost a request to a third party for a
1x1 GIF that the image check refuses anyway. The list holds the analytics and advertising hosts of
the eight regions' web (Yandex, Mail.ru, LiveInternet, TOPlist, Naver, Kakao, Zalo...) beside the
global ones; a host matches itself and its subdomains.
"""

from __future__ import annotations

# fmt: off
TRACKER_HOSTS = frozenset({
    "google-analytics.com", "googletagmanager.com", "doubleclick.net", "googleadservices.com",
    "googlesyndication.com", "facebook.com", "facebook.net", "bat.bing.com",
    "clarity.ms", "hotjar.com", "scorecardresearch.com", "quantserve.com", "analytics.tiktok.com",
    "ct.pinterest.com", "px.ads.linkedin.com", "analytics.twitter.com", "t.co", "nr-data.net",
    "stats.wp.com", "pixel.wp.com", "criteo.com", "criteo.net", "adnxs.com", "taboola.com",
    "outbrain.com", "mc.yandex.ru", "mc.yandex.com", "an.yandex.ru", "top-fwz1.mail.ru", "top.mail.ru",
    "counter.yadro.ru", "counter.rambler.ru", "toplist.cz", "toplist.sk", "navrcholu.cz",
    "gemius.pl", "wcs.naver.net", "wcs.naver.com", "pixel.kakao.com",
    "sp.zalo.me", "analytics.zalo.me", "truehits.net", "truehits.in.th", "tracker.ais.co.th",
})
# fmt: on


def tracker_host(host: str | None) -> bool:
    """Whether `host` (lower case) is a tracker's, or a subdomain of one."""
    if not host:
        return False
    host = host.split(":", 1)[0]
    parts = host.split(".")
    return any(".".join(parts[i:]) in TRACKER_HOSTS for i in range(len(parts) - 1))
