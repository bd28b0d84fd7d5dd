"""Structured logs: one JSON object per line, for requests and errors alike."""

import json
import logging
import os
import sys
import threading
import time

import orjson

_STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime"}


def _encode(entry: dict) -> str:
    """The entry as one line of compact JSON, values it cannot encode as their str();
    orjson, a tenth of json's cost per line. What orjson refuses (an integer past 64
    bits) goes through json."""
    try:
        return orjson.dumps(entry, default=str).decode()
    except TypeError:
        return json.dumps(entry, default=str, separators=(",", ":"), ensure_ascii=False)


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


# What LogRecord.__init__ sets for a record made without a source line (as the request log's
# is): the same for every record, copied in at once.
_NO_SOURCE = {
    "pathname": "(unknown file)",
    "filename": "(unknown file)",
    "module": "(unknown file)",
    "lineno": 0,
    "funcName": None,
    "exc_info": None,
    "exc_text": None,
    "stack_info": None,
}


def info_record(logger: logging.Logger, msg: str, args: tuple, fields: dict) -> logging.LogRecord:
    """The record `logger.info(msg, *args, extra=fields)` would make, without the search for
    the calling source line (no field of the JSON line shows it) and with LogRecord's
    attributes set directly: its generic __init__ (the Mapping check on `args`, the split of
    the file name, makeRecord's checks of `extra`) cost as much as formatting the line
    (docs/performance.md "What every request costs"). A record factory set with
    logging.setLogRecordFactory() is still used. `fields` must not name a LogRecord
    attribute."""
    if logging.getLogRecordFactory() is not logging.LogRecord:
        return logger.makeRecord(
            logger.name, logging.INFO, "(unknown file)", 0, msg, args, None, extra=fields
        )
    record = logging.LogRecord.__new__(logging.LogRecord)
    attributes = record.__dict__
    attributes.update(_NO_SOURCE)
    now = time.time()
    attributes["name"] = logger.name
    attributes["msg"] = msg
    attributes["args"] = args
    attributes["levelname"] = "INFO"
    attributes["levelno"] = logging.INFO
    attributes["created"] = now
    attributes["msecs"] = int((now - int(now)) * 1000) + 0.0
    attributes["relativeCreated"] = (now - logging._startTime) * 1000
    if logging.logThreads:
        attributes["thread"] = threading.get_ident()
        attributes["threadName"] = threading.current_thread().name
    else:
        attributes["thread"] = attributes["threadName"] = None
    attributes["processName"] = _process_name() if logging.logMultiprocessing else None
    attributes["process"] = os.getpid() if logging.logProcesses else None
    attributes.update(fields)
    return record


def _process_name() -> str:
    multiprocessing = sys.modules.get("multiprocessing")
    if multiprocessing is None:
        return "MainProcess"
    try:
        return multiprocessing.current_process().name
    except Exception:  # as LogRecord: multiprocessing may not have finished loading
        return "MainProcess"


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
