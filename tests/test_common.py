"""scripts.common helpers that the workflow relies on outside any rule."""

import threading
import time

from scripts.common import cancel_pending_timers


def test_cancel_pending_timers_releases_interpreter_exit():
    fired = threading.Event()
    timer = threading.Timer(30, fired.set)
    timer.start()
    keeper = threading.Thread(target=time.sleep, args=(0.01,))  # not a Timer: left alone
    keeper.start()
    t0 = time.perf_counter()
    cancel_pending_timers()
    timer.join(5)
    keeper.join(5)
    assert not timer.is_alive()
    assert not fired.is_set()
    assert time.perf_counter() - t0 < 2
