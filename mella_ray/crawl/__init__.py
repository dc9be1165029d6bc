"""The crawl stage: regional websites to D_know (images with native alt-text) and the image pool.

Modules, from the network up:
    urls, ssrf          WHATWG URLs and site identity; mella_ray.netguard at request and connect
    politeness, fetch   robots.txt and the per-host gate; the aiohttp fetcher with its limits
    charsets            bytes to text: WHATWG labels, lying charsets detected and repaired
    extract, srcset     HTML (Lexbor) to title, links and images (srcset, picture, lazy, figure);
                        html_sniff: is it HTML, how deep could it nest
    optout              noai / noimageai / noindex and TDMRep reservations
    warc                WARC out (fetched pages) and in (pages taken from archives)
    images              decoding checks, sha256, perceptual hash
    alt_rules, alt_filter   boilerplate, credit lines, link labels; is an alt-text native text?
    alt_words, alt_words_nav  the word lists of those rules, per language
    alt_page                furniture: alts naming a logo or an author, file names, the page's title as alt
    dedup               the best-alt rule; near-duplicate groups
    repeated_alts       template alts: one text that a site gives to many images
    frontier, mailbox   per-host queues and traps; hosts' owners and messages between actors
    crawler, image_jobs one actor's crawl (no Ray); crawler_state  its snapshot and resume;
    checkpoint          shards and resume state
    actor               the async actor around a Crawler (actor_messages: its peers); finalize  crawl-wide dedup
    seeds, report       seeds and the host plan; counters, progress line and stats.json
    retry, retry_jobs, retry_reasons   `--retry-failed`: the plan, requeueing in the actors, the reasons
    stage               the only module that touches Ray
`run_crawl` is imported lazily so that using the pure modules does not import Ray.
"""

from __future__ import annotations

__all__ = ["run_crawl"]


def __getattr__(name: str):
    if name == "run_crawl":
        from mella_ray.crawl.stage import run_crawl

        return run_crawl
    raise AttributeError(name)
