"""The crawl actor: one asyncio event loop running many jobs of one `Crawler`.

`CrawlActor` is a plain class with async methods; stage.py turns it into a Ray async actor,
which keeps this module testable without Ray (`run()` drives a lone actor in-process).
Lifecycle, as the stage drives it: `restore()` (reload the last checkpoint, delete shards
written after it; or start from the seeds, knowing the images of any finished shards of
ours: rebuild.py), `begin()` (workers, message flushing, periodic
checkpoints; say hello to peers so they resend what we lost), then `status()` polls until
the stage sees the whole crawl idle, then `finish()` (final checkpoint, counters back); then
`call()` runs the stage's finalize work here until the stage kills the actor.

Peers are other actors (Ray handles, or plain objects in tests); messages to them go
through mailbox.Outbox/Inbox: at least once, processed once, surviving restarts.
"""

from __future__ import annotations

import asyncio
import logging
import time

from mella_ray.crawl.actor_messages import ActorMessages, call_peer
from mella_ray.crawl.crawler import Crawler
from mella_ray.crawl.mailbox import Inbox, Outbox, Router
from mella_ray.crawl.process_setup import warm_up
from mella_ray.crawl.rebuild import rebuild_from_outputs
from mella_ray.crawl.retry_jobs import drop_leftover_work, queue_retries
from mella_ray.crawl.state_log import StateLog
from mella_ray.crawl.warc import read_warcs

log = logging.getLogger(__name__)

DEADLINE_GRACE_S = 2.0  # jobs still running at the deadline are cancelled (they stay queued)
STANDALONE_POLL_S = 0.05
IDLE_RECHECK_S = 1.0  # an idle worker looks for work at least this often, whatever woke it or not


class CrawlActor(ActorMessages):
    def __init__(
        self,
        index: int,
        crawl_cfg,
        crawl_dir: str,
        seeds: list[dict],
        page_budget: int,
        num_actors: int = 1,
        site_owners: dict[str, int] | None = None,
        retry: dict | None = None,
    ):
        self.index = index
        self.retry = retry  # {"id", "items"}: this actor's part of a --retry-failed plan (retry.py)
        self.cfg = crawl_cfg
        self.crawl_dir = crawl_dir
        self.seeds = seeds
        self.router = Router(index, num_actors, site_owners or {})
        self.crawler = Crawler(index, crawl_cfg, crawl_dir, self.router, page_budget, self._send)
        self.outbox, self.inbox = Outbox(), Inbox()
        self.state_log = StateLog(crawl_dir, index)
        self.peers: dict[int, object] = {}
        self.stopping = False
        self.began = False
        self.error: str | None = None
        self.checkpoints = 0
        self.elapsed_before = 0.0
        self.run_start = time.monotonic()
        self._workers: list[asyncio.Task] = []
        self._background: list[asyncio.Task] = []
        self._writes: set[asyncio.Task] = set()
        self._messages: set[asyncio.Task] = set()  # sends in flight: the loop holds tasks only weakly
        self._ckpt_lock: asyncio.Lock | None = None

    # ---- lifecycle ----------------------------------------------------------------------
    async def set_peers(self, peers: dict[int, object]) -> None:
        self.peers = {int(i): h for i, h in peers.items() if int(i) != self.index}

    async def restore(self) -> dict:
        # The language model and image stack load in a thread while the first pages are fetched.
        # What to load ahead (Thai: pythainlp's dictionary, 0.8 s of CPU): the languages of this
        # actor's own seeds, whose hosts it owns; without seeds (a retry), every language's.
        langs = {s["lang"] for s in self.seeds} or {s.lang for s in self.cfg.seeds}
        langs |= {i.lang for i in self.cfg.warc_inputs}
        self.crawler.warmed = asyncio.ensure_future(asyncio.to_thread(warm_up, langs))
        state = await asyncio.to_thread(self.state_log.load)
        rebuilt = None if state else await asyncio.to_thread(rebuild_from_outputs, self.crawl_dir, self.index)
        next_seq = state["next_seq"] if state else rebuilt["next_seq"] if rebuilt else 0
        removed = await asyncio.to_thread(self.crawler.out.prune_after, next_seq)
        if state is not None:  # the rows of shards still open come back from their staged parts
            await asyncio.to_thread(self.crawler.out.load_staged, state.get("staged", {}))
        # A retry's items are queued once: a checkpoint taken after that says so (retry_applied)
        retrying = self.retry is not None and (state or {}).get("retry_applied") != self.retry["id"]
        if retrying and state is not None:
            state = drop_leftover_work(state)
        if state is None:
            if rebuilt:  # no checkpoint, but finished shards: their images are not fetched again
                self.crawler.restore_done(rebuilt["done"], rebuilt["best"])
            for seed in self.seeds if self.retry is None else ():  # a retry fetches its items only
                self.crawler.add_seed(seed["url"], seed["lang"])
        else:
            self.crawler.load_state(state)
            self.outbox.load_state(state.get("outbox", {}))
            self.inbox.load_state(state.get("inbox", {}))
            self.elapsed_before = state["counters"].get("elapsed_s", 0.0)
            log.info(
                "crawl actor %d: resumed (%d page(s), %d image(s) queued)",
                self.index,
                self.crawler.frontier.pending(),
                len(self.crawler.images),
            )
        if retrying:
            counts = queue_retries(self.crawler, self.retry["items"])
            self.crawler.retry_applied = self.retry["id"]
            log.info("crawl actor %d: retrying failures: %s", self.index, dict(counts))
        return {"resumed": state is not None, "rebuilt": rebuilt is not None, "removed_shards": removed}

    async def begin(self) -> None:
        self._ckpt_lock = asyncio.Lock()
        self.run_start = time.monotonic()
        self._workers = [asyncio.create_task(self._worker()) for _ in range(self.cfg.concurrency_per_actor)]
        self._background = [
            asyncio.create_task(self._flusher()),
            asyncio.create_task(self._checkpointer()),
            asyncio.create_task(read_warcs(self.crawler)),
        ]  # crawl.warc_inputs, if any
        # What our checkpoint says we sent but nobody confirmed holding goes out again (the
        # receivers drop what they already have); and peers resend what our checkpoint does
        # not hold. The hellos are awaited: once begin returns, every resend is in flight at
        # its sender, so no poll can take the crawl for finished meanwhile.
        for peer in list(self.outbox.unacked):
            for batch in self.outbox.unacked_for(peer, {}):
                self._dispatch(peer, batch)
        await asyncio.gather(*(self._hello(peer) for peer in self.peers))
        self.began = True

    async def _hello(self, peer: int) -> None:
        try:
            await call_peer(self.peers[peer], "hello", self.index, self.inbox.held(peer))
        except Exception as e:  # the peer is down; it will say hello itself when it is back
            log.warning("crawl actor %d: hello to %d failed: %s", self.index, peer, e)

    async def status(self) -> dict:
        idle = (
            self.began and not self.crawler.has_work() and not self.outbox.has_pending() and not self.outbox.undelivered
        )
        return {
            "index": self.index,
            "began": self.began,
            "idle": idle,
            "error": self.error,
            "activity": self.inbox.calls,  # grows whenever work arrives from a peer
            "progress": self.crawler.counters.progress(),
            "checkpoints": self.checkpoints,
        }

    async def finish(self, deadline_hit: bool = False) -> dict:
        """Stop workers (cancelling jobs still running after a grace), final checkpoint, counters."""
        if not self.began:  # restarted since the last poll: its state is on storage, not in memory,
            raise RuntimeError(  # and a checkpoint now would overwrite it with an empty crawl
                f"crawl actor {self.index} was restarted and has not resumed; rerun the job to resume it"
            )
        self.stopping = True
        await self._notify()
        if self._workers:
            _, pending = await asyncio.wait(self._workers, timeout=DEADLINE_GRACE_S)
            for task in pending:
                task.cancel()
            await asyncio.gather(*self._workers, return_exceptions=True)
        async with self._ckpt_lock:  # a periodic checkpoint in progress ends whole, never cut in half
            for task in self._background:
                task.cancel()
            await asyncio.gather(*self._background, return_exceptions=True)
        try:
            self._flush_outbox()
            self.crawler.robots_refusals()
            await self.checkpoint(final=True)
        finally:
            self.crawler.wakeups.close()
            await self.crawler.close()
        if self.error:
            raise RuntimeError(f"crawl actor {self.index}: {self.error}")
        return self._result(deadline_hit)

    def call(self, fn, item):
        """fn(item) in this warm process: crawl finalize's reads and rewrites, after finish().
        A plain method runs on the event loop's thread, which has nothing else to run by then."""
        return fn(item)

    async def run(self) -> dict:
        """Crawl alone, without Ray or peers (tests; a one-actor crawl); the stage does this for many."""
        await self.restore()
        await self.begin()
        deadline = time.monotonic() + self.cfg.max_run_s
        quiet = 0
        while quiet < 2 and time.monotonic() < deadline and not self.error:
            await asyncio.sleep(min(STANDALONE_POLL_S, max(deadline - time.monotonic(), 0)))
            quiet = quiet + 1 if (await self.status())["idle"] else 0  # idle twice in a row: done
        return await self.finish(deadline_hit=quiet < 2 and not self.error)

    # ---- work ---------------------------------------------------------------------------
    async def _worker(self) -> None:
        try:
            while not self.stopping:
                job = self.crawler.next_job()
                if job is None:
                    # Woken by new work, a freed slot or the timer of the earliest host (one worker
                    # each); the timeout is only a safety net. asyncio.timeout, not wait_for: on 3.11
                    # wait_for swallows a cancel that lands just as the wait ends.
                    try:
                        async with asyncio.timeout(IDLE_RECHECK_S):
                            await self.crawler.wait_for_work()
                    except TimeoutError:
                        pass
                    continue
                try:
                    await self.crawler.run_job(job)
                except asyncio.CancelledError:
                    self.crawler.requeue(job)  # cut short at the deadline: it stays to do
                    raise
                finally:
                    self.crawler.job_done(job)  # frees the host's slot: wakes one waiter if work is due
                batches = self.crawler.out.take(full_only=True)
                if batches:
                    await self._write(batches)
        except asyncio.CancelledError:
            raise
        except Exception as e:  # a failed shard write: the crawl must fail, not be marked done
            log.exception("crawl actor %d: worker failed", self.index)
            self.error = f"{type(e).__name__}: {e}"

    async def _notify(self) -> None:
        """Wake every idle worker (to stop)."""
        self.crawler.wakeups.wake_all()

    async def _write(self, batches: list) -> None:
        task = asyncio.ensure_future(self.crawler.out.write(batches))
        self._writes.add(task)
        task.add_done_callback(self._writes.discard)
        # Shielded: the rows have left the buffers and their shard numbers are taken, so a
        # worker cancelled at the deadline must not cut the write short; the task stays in
        # _writes and the final checkpoint waits for it.
        await asyncio.shield(task)

    async def checkpoint(self, final: bool = False) -> None:
        """Close full shards, stage open ones, save the state that matches them; then acknowledge
        our senders. Every few checkpoints the state is written whole (state_log.StateLog)."""
        async with self._ckpt_lock:
            self._flush_outbox()
            self.crawler.counters.elapsed_s = self.elapsed()
            whole = self.state_log.wants_base()
            batches, staged, state = self.crawler.snapshot(whole, final)  # synchronous: one consistent cut
            state["outbox"] = self.outbox.to_state()
            state["inbox"] = self.inbox.to_state()
            held = {s: self.inbox.held(s) for s in self.inbox.senders()}
            earlier = list(self._writes)  # shards numbered before the cut must be on storage first
            await self._write(batches)
            if earlier:
                await asyncio.gather(*earlier)
            out = self.crawler.out
            await asyncio.to_thread(out.write_staged, staged)
            await asyncio.to_thread(self.state_log.save, state, whole)
            await asyncio.to_thread(out.remove_deletable_parts)
            self.checkpoints += 1
        for sender, marks in held.items():
            self._fire(sender, "ack", self.index, marks)

    async def _checkpointer(self) -> None:
        while True:
            await asyncio.sleep(self.cfg.checkpoint_every_s)
            try:
                await self.checkpoint()
            except asyncio.CancelledError:
                raise
            except Exception as e:
                log.exception("crawl actor %d: checkpoint failed", self.index)
                self.error = f"checkpoint failed: {type(e).__name__}: {e}"

    def elapsed(self) -> float:
        return self.elapsed_before + (time.monotonic() - self.run_start)

    # ---- result -------------------------------------------------------------------------
    def _result(self, deadline_hit: bool) -> dict:
        c = self.crawler
        return {
            "actor": self.index,
            "counters": c.counters.to_state(),
            "links_refused": dict(c.frontier.refused),
            "pages_left_in_frontier": c.frontier.pending() + len(c.in_flight_pages),
            "images_left_in_queue": len(c.images) + len(c.in_flight_images),
            "requests": c.fetcher.requests,
            "requests_per_host": dict(c.fetcher.host_requests),  # this run's (not checkpointed)
            "max_in_flight_per_host": {h: g.max_in_flight for h, g in c.fetcher.gates.items()},
            "stopped_by_deadline": deadline_hit,
            "checkpoints": self.checkpoints,
            "checkpoint_bytes": list(self.state_log.written),
            "crawl_delay_overlaps": sum(g.overlaps for g in c.fetcher.gates.values()),
        }
