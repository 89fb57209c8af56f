"""Settings of the load run's site (bench/load.py): production settings from the environment,
plus one bench-only URL, the minimal view the pages are compared with."""

from weiquan.settings import *  # noqa: F403 - the real settings, unchanged but for the URLs

ROOT_URLCONF = "bench.load_urls"
