# Production-like image for web, worker and beat (see docker-compose.yml).
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-cjk gettext ffmpeg \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY pyproject.toml constraints.txt README.md ./
RUN pip install -c constraints.txt -e .
COPY . .
RUN python manage.py compilemessages -v0 \
 && DJANGO_DEBUG=0 DJANGO_SECRET_KEY=build-only-not-secret python manage.py collectstatic --noinput -v0 \
 && useradd --create-home --uid 1000 weiquan \
 && mkdir -p /data/media && chown -R weiquan /data
USER weiquan
EXPOSE 8000
CMD ["gunicorn", "weiquan.wsgi:application", "--config", "gunicorn.conf.py"]
