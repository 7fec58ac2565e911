FROM python:3.11-slim
RUN apt-get update && apt-get install -y --no-install-recommends \
      libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY pyproject.toml README.md ./
COPY config config
COPY core core
COPY accounts accounts
COPY insights insights
COPY attribution attribution
COPY education education
COPY manage.py ./
# Static files are collected with the production storage (DEBUG=0) so the manifest the pages need is written;
# the SECRET_KEY and DATABASE_URL here only let the settings load: nothing is signed and nothing connects.
RUN pip install --no-cache-dir . \
    && DEBUG=0 SECRET_KEY=build-only-collectstatic-key DATABASE_URL=postgres://build@localhost/build python manage.py collectstatic --noinput
ENV PYTHONUNBUFFERED=1
EXPOSE 8000
