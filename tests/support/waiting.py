import time


def wait_for(condition, seconds: float = 20.0) -> bool:
    """Poll until `condition()` is true (work done by a worker in another thread or process)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False
