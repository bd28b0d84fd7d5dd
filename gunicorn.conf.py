"""gunicorn settings, read from the environment (see README "Configuration")."""

import os

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
wsgi_app = "reelfake.wsgi:application"
# gthread: SSE streams and `delay` hold a thread, not a whole worker process.
worker_class = "gthread"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
# Each open upload stream (SSE) and each `delay` holds one thread; 16 keep short requests
# flowing beside them. Every thread may hold a database connection.
threads = int(os.environ.get("GUNICORN_THREADS", "16"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "120"))
graceful_timeout = 10
keepalive = 5
# The app logs one JSON line per request (reelfake.request); gunicorn's own access log is
# off unless ACCESS_LOG=1.
accesslog = "-" if os.environ.get("ACCESS_LOG", "0") == "1" else None
errorlog = "-"
