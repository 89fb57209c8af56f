"""gunicorn settings for production (docker compose and the Dockerfile use this file).

Environment: WEB_CONCURRENCY (worker processes, default 2 per core + 1), GUNICORN_BIND,
GUNICORN_TIMEOUT. Uploads stream to disk in chunks, so a long evidence upload holds a worker
but little memory; the timeout leaves room for a 300 MB video on a slow line.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "300"))
graceful_timeout = 30
keepalive = 5
max_requests = 2000  # recycle workers now and then (WeasyPrint and Pillow hold memory)
max_requests_jitter = 200
limit_request_line = 8190
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
# The application logs one line per request without personal data (weiquan/middleware.py);
# gunicorn's access log would repeat it with the query string, so it stays off.
accesslog = None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
