# Production image: gunicorn (gthread) serving reelfake against DATABASE_URL.
# The build runs the same install command as the README's local setup.
# Serve it behind a buffering proxy, never straight to the internet: gunicorn does not time out
# a client that announces a body and sends it slowly. docker-compose.yml puts nginx in front
# with deploy/nginx/reelfake.conf.template; docs/deployment.md says why and how elsewhere.

FROM python:3.11-slim AS build
WORKDIR /app
RUN python -m venv /venv
COPY requirements.txt .
RUN /venv/bin/pip install --no-cache-dir -r requirements.txt

FROM python:3.11-slim
ENV PATH=/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    HOST=0.0.0.0 \
    PORT=8000 \
    STATIC_ROOT=/app/.staticfiles
RUN useradd --create-home --uid 10001 reelfake
WORKDIR /app
COPY --from=build /venv /venv
COPY . .
# collectstatic needs settings but no database or secrets: give it throw-away values.
RUN DATABASE_URL=postgres://build@localhost/build DEBUG=true \
    python manage.py collectstatic --noinput \
    && chown -R reelfake /app
USER reelfake
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s \
    CMD python -c "import urllib.request,os; urllib.request.urlopen(f'http://127.0.0.1:{os.environ.get(\"PORT\",\"8000\")}/api')" || exit 1
CMD ["gunicorn", "--config", "gunicorn.conf.py"]
