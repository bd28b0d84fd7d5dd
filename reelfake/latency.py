"""Latency profiles: the forms `delay` accepts (docs/toolkit.md "Latency profiles").

- `<ms>`: the contract's fixed delay, parsed as JavaScript's Number() would (0–60000);
- `<min>-<max>`: uniform between two millisecond values, 0 ≤ min ≤ max ≤ 60000;
- `random`: a long-tailed profile like a real API's: log-normal with a median of 250 ms
  (90 % of answers under ~700 ms, 1 % over ~1.6 s), capped at 10 s.

The same forms serve the standing `latency` setting of the toolkit."""

from __future__ import annotations

import math
import random
import re
from dataclasses import dataclass

MAX_DELAY_MS = 60000
MSG_BAD_DELAY = "Delay query must be number less than 60000"
MSG_BAD_DELAY_RANGE = (
    "Delay range must be <min>-<max> in milliseconds with 0 <= min <= max <= 60000"
)
RANDOM_MEDIAN_MS = 250.0
RANDOM_SIGMA = 0.8
RANDOM_CAP_MS = 10000.0

# What JavaScript's Number() accepts for a decimal string (after trimming whitespace): ASCII
# digits only (re.ASCII), as in JavaScript (docs/security.md "Numbers").
_JS_DECIMAL = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$", re.ASCII)
_JS_RADIX = re.compile(r"^0([xX][0-9a-fA-F]+|[oO][0-7]+|[bB][01]+)$")
_RANGE = re.compile(r"^(\d+(?:\.\d*)?)\s*-\s*(\d+(?:\.\d*)?)$", re.ASCII)


@dataclass(frozen=True)
class Latency:
    """A parsed profile; `draw_ms()` picks one delay from it."""

    kind: str  # "fixed", "range" or "random"
    low: float = 0.0
    high: float = 0.0

    def draw_ms(self) -> float:
        if self.kind == "fixed":
            return self.low
        if self.kind == "range":
            return random.uniform(self.low, self.high)
        drawn = random.lognormvariate(math.log(RANDOM_MEDIAN_MS), RANDOM_SIGMA)
        return min(drawn, RANDOM_CAP_MS)


class LatencyError(ValueError):
    """Not a latency profile; `message` is the answer's text."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _js_number(raw: str) -> float | None:
    if _JS_RADIX.match(raw):
        return float(int(raw[2:], {"x": 16, "o": 8, "b": 2}[raw[1].lower()]))
    if _JS_DECIMAL.match(raw):
        return float(raw)
    if raw.lstrip("+-") == "Infinity":
        return float("-inf") if raw.startswith("-") else float("inf")
    return None


def parse_latency(raw: str) -> Latency:
    """One `delay` value; raises LatencyError with the message to answer."""
    raw = raw.strip()
    if raw == "":
        return Latency("fixed", 0.0)
    if raw.lower() == "random":
        return Latency("random")
    if match := _RANGE.match(raw):
        low, high = float(match.group(1)), float(match.group(2))
        if low > high or high > MAX_DELAY_MS:
            raise LatencyError(MSG_BAD_DELAY_RANGE)
        return Latency("range", low, high)
    number = _js_number(raw)
    if number is None or number > MAX_DELAY_MS:
        raise LatencyError(MSG_BAD_DELAY)
    return Latency("fixed", max(number, 0.0))
