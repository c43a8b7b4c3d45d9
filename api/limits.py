"""Per-client rate limiting with the `limits` library (the engine slowapi wraps).

slowapi's middleware was tried first: under FastAPI 0.165 routers are included as `_IncludedRouter`
objects, the middleware finds no endpoint and lets every request through; its decorator needs one
process-wide limiter. A dependency with a limiter per app keeps tests and instances independent.
"""

import math
import time

from fastapi import Request
from limits import parse
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter

__all__ = ["RateLimit", "RateLimited", "rate_limited"]


class RateLimited(Exception):
    def __init__(self, limit: str, retry_after: int) -> None:
        super().__init__(limit)
        self.limit, self.retry_after = limit, retry_after


_UNITS_VI = {"second": "giây", "minute": "phút", "hour": "giờ", "day": "ngày", "month": "tháng", "year": "năm"}


class RateLimit:
    """`rate` per client address and endpoint, e.g. "60/minute", in a moving window."""

    def __init__(self, rate: str) -> None:
        self.item = parse(rate)
        unit = _UNITS_VI.get(self.item.GRANULARITY.name, self.item.GRANULARITY.name)
        every = f"{self.item.multiples} {unit}" if self.item.multiples > 1 else unit
        self.rate = f"{self.item.amount} yêu cầu/{every}"
        self.limiter = MovingWindowRateLimiter(MemoryStorage())

    def check(self, client: str, endpoint: str) -> None:
        if not self.limiter.hit(self.item, client, endpoint):
            reset_at = self.limiter.get_window_stats(self.item, client, endpoint).reset_time
            raise RateLimited(self.rate, max(1, math.ceil(reset_at - time.time())))


def rate_limited(request: Request) -> None:
    """Dependency of the /api and /v1 routers."""
    client = request.client.host if request.client else "unknown"
    request.app.state.rate_limit.check(client, request.url.path)
