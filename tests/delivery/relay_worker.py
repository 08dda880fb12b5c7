"""A relay process for the kill/restart test: delivers the outbox to a webhook, then exits.

Run as ``python relay_worker.py DB_PATH URL SECRET SEED``; importing it does nothing.
"""

from __future__ import annotations

import random
import sys


def main(argv: list[str]) -> int:
    """Deliver every pending row of the ``webhook`` sink, then return 0."""
    from socialgoals.adapters.webhook import WebhookSink  # noqa: PLC0415 - script entry
    from socialgoals.delivery import Relay, RetryPolicy  # noqa: PLC0415
    from socialgoals.store import Store  # noqa: PLC0415

    db, url, secret, seed = argv
    store = Store(db, synchronous="NORMAL")
    sink = WebhookSink(url, secret, timeout=0.25, proxies={})
    relay = Relay(
        store,
        {"webhook": sink},
        policy=RetryPolicy(
            base_delay=0.01, max_delay=0.1, jitter=0.5, max_attempts=1000, max_retry_after=0.2
        ),
        rng=random.Random(int(seed)),
        lease_seconds=1.5,
        batch_size=5,
    )
    # The test starts its kill timer when it reads this line.
    print("ready", flush=True)
    relay.run()
    store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
