"""Structured logs: one JSON object per line, for requests and errors alike."""

import json
import logging
import time

_STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime"}


# json.dumps(entry, default=str), without making an encoder per line.
_encode = json.JSONEncoder(default=str).encode


class JsonFormatter(logging.Formatter):
    """time, level, logger, message, any `extra=` fields, and the traceback if any."""

    # (second, its text): the time up to the second, formatted once per second. One tuple,
    # replaced whole, so that threads never pair one second with another's text.
    _second = (None, "")

    def format(self, record):
        second, text = self._second
        if int(record.created) != second:
            second = int(record.created)
            text = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(second))
            self._second = (second, text)
        entry = {
            "time": f"{text}.{int(record.msecs):03d}Z",
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        entry.update({k: v for k, v in vars(record).items() if k not in _STANDARD})
        if record.exc_info:
            entry["traceback"] = self.formatException(record.exc_info)
        return _encode(entry)


class ClientErrorFilter(logging.Filter):
    """For loggers whose records are a client's doing, not a fault of the server (Django's
    django.security.DisallowedHost: a Host header not in ALLOWED_HOSTS, which scanners send
    all day): one WARNING line with the message, no traceback."""

    def filter(self, record):
        record.exc_info = None
        record.exc_text = None
        record.stack_info = None
        if record.levelno > logging.WARNING:
            record.levelno, record.levelname = logging.WARNING, "WARNING"
        return True
