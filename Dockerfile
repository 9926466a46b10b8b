# Image for docker-compose.yml: the same code serves web (gunicorn), the Celery worker and Celery beat.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
RUN apt-get update \
    && apt-get install -y --no-install-recommends gettext nodejs npm libmagic1 \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY pyproject.toml README.md ./
RUN pip install --upgrade pip && pip install .
COPY . .
RUN if [ -f package-lock.json ]; then npm ci --omit=dev; fi \
    && DEBUG=0 SECRET_KEY=build DATABASE_URL=postgres://build@localhost/build python manage.py collectstatic --noinput \
    && if [ -d locale ]; then DEBUG=0 SECRET_KEY=build DATABASE_URL=postgres://build@localhost/build python manage.py compilemessages; fi

RUN useradd --create-home tracker && mkdir -p /app/var/media && chown -R tracker /app/var
USER tracker
EXPOSE 8000
CMD ["gunicorn", "upr_tracker.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--timeout", "60"]
