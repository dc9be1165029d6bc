"""ChatCore without Serve or HTTP: generation runs in the engine's own thread, so a shared
thread pool that is full (slow DNS lookups, image decoding) cannot hold up answers."""
from __future__ import annotations

import asyncio
import threading

from mella_ray.config import ServeConfig
from mella_ray.serve.core import ChatCore
from mella_ray.serve.protocol import parse_chat_request


def test_answers_come_while_the_loops_shared_pool_is_full(tiny_vlm, models_dir, monkeypatch):
    from ray.serve import batching

    # @serve.batch works outside a replica, but its sanity warning asks for a replica context
    monkeypatch.setattr(batching._BatchQueue, "_warn_if_max_batch_size_exceeds_max_ongoing_requests",
                        lambda self: None)
    core = ChatCore(ServeConfig(model=tiny_vlm, max_batch_size=4), tiny_vlm, models_dir)
    body = '{"messages": [{"role": "user", "content": "Popiš obrázek."}], "max_tokens": 4}'
    release = threading.Event()

    async def main() -> list[dict]:
        loop = asyncio.get_running_loop()
        # Every thread of the default pool blocks, as lookups of a dead DNS server would.
        blockers = [loop.run_in_executor(None, release.wait, 60) for _ in range(64)]
        try:
            async with asyncio.timeout(30):
                return await asyncio.gather(*(core.complete(parse_chat_request(body, 64)) for _ in range(3)))
        finally:
            release.set()
            await asyncio.gather(*blockers)

    answers = asyncio.run(main())
    assert [a["object"] for a in answers] == ["chat.completion"] * 3
    assert all(a["usage"]["completion_tokens"] >= 1 for a in answers)
