"""Where the load run's CPU went: every second, the CPU seconds used so far by each of the run's
process groups (gunicorn, the Celery worker, PostgreSQL, SeaweedFS, Redis, locust) and by the
whole machine, read from /proc (Linux). Differences between two samples show who used the
cores in the measured window, and how much was left to the neighbours.
"""

import os
import threading
import time
from pathlib import Path

TICKS = os.sysconf("SC_CLK_TCK")


def _groups_cpu(groups: dict[str, int]) -> dict[str, float]:
    """CPU seconds (user + system) of the live processes in each process group."""
    wanted = {pgrp: name for name, pgrp in groups.items()}
    used = dict.fromkeys(groups, 0.0)
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:  # the process ended meanwhile
            continue
        name = wanted.get(int(fields[2]))
        if name is not None:
            used[name] += (int(fields[11]) + int(fields[12])) / TICKS
    return used


def _machine_cpu() -> float:
    """CPU seconds the whole machine has been busy (everything but idle and iowait)."""
    values = [int(value) for value in Path("/proc/stat").read_text().split("\n")[0].split()[1:]]
    return (sum(values[:8]) - values[3] - values[4]) / TICKS


def process_group(pid: int) -> int:
    return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[2])


class CpuSampler(threading.Thread):
    """Samples every second until stopped; `between(start, stop)` gives each group's CPU
    seconds between two wall-clock times (time.time()), and the machine's."""

    def __init__(self, groups: dict[str, int]) -> None:
        super().__init__(daemon=True)
        self.groups = groups
        self.samples: list[tuple[float, dict[str, float]]] = []
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.is_set():
            sample = _groups_cpu(self.groups) | {"machine": _machine_cpu()}
            self.samples.append((time.time(), sample))
            self.stopped.wait(1)

    def stop(self) -> None:
        self.stopped.set()
        self.join()

    def between(self, start: float, stop: float) -> dict[str, float]:
        if not self.samples:
            return {}
        first = min(self.samples, key=lambda sample: abs(sample[0] - start))[1]
        last = min(self.samples, key=lambda sample: abs(sample[0] - stop))[1]
        return {name: max(last[name] - first[name], 0.0) for name in last}
