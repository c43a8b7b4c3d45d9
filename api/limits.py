"""Per-client rate limiting as a cost budget, with the `limits` library (the engine slowapi wraps).

Every route of the app (pages, /health, /api, /v1) draws on one budget per client, ASSISTANT_RATE_LIMIT
("60/minute"), in a moving window: a question costs 1, an export or a brief 3, a chart 5 (they take
0.1–2 s of CPU). Counting per exact path let a client spread requests over paths and name variants. With
ASSISTANT_REDIS_URL the counters live in Redis, so every replica draws on the same budget; without it, in
this process's memory.

The client is `request.client.host`: uvicorn's ProxyHeadersMiddleware (see main.py) sets it from
X-Forwarded-For only when the direct peer is in ASSISTANT_TRUSTED_PROXIES.

slowapi's middleware was tried first: under FastAPI 0.165 routers are included as `_IncludedRouter`
objects, the middleware finds no endpoint and lets every request through; its decorator needs one
process-wide limiter. An app-wide dependency with a limiter per app keeps tests and instances independent
(FastAPI calls a dependency once per request even when a router lists it too).
"""

import math
import time

from fastapi import Request
from limits import parse
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter

from assistant.sessions import redis_errors
from assistant.settings import Settings

__all__ = ["RateLimit", "RateLimited", "rate_limited", "COSTS", "cost_of"]

# route path → cost in requests; every other route costs 1
COSTS = {"/api/timeline.svg": 5, "/api/timeline.png": 5, "/api/tasks.csv": 3, "/api/tasks.xlsx": 3,
         "/api/agencies/{name}/brief": 3}


class RateLimited(Exception):
    def __init__(self, limit: str, retry_after: int) -> None:
        super().__init__(limit)
        self.limit, self.retry_after = limit, retry_after


_UNITS_VI = {"second": "giây", "minute": "phút", "hour": "giờ", "day": "ngày", "month": "tháng", "year": "năm"}


class RateLimit:
    """`rate` per client, e.g. "60/minute", in a moving window; counters in `storage_url` (limits' URL
    form: "memory://", "redis://host:port/0")."""

    def __init__(self, rate: str, storage_url: str = "memory://") -> None:
        self.item = parse(rate)
        unit = _UNITS_VI.get(self.item.GRANULARITY.name, self.item.GRANULARITY.name)
        every = f"{self.item.multiples} {unit}" if self.item.multiples > 1 else unit
        self.rate = f"{self.item.amount} yêu cầu/{every}"
        self.storage_url = storage_url
        self.limiter = MovingWindowRateLimiter(storage_from_string(storage_url))

    @classmethod
    def from_settings(cls, settings: Settings) -> "RateLimit":
        return cls(settings.rate_limit, settings.redis_url or "memory://")

    def check(self, client: str, cost: int = 1) -> None:
        """Draw `cost` from the client's budget, or raise RateLimited with the seconds to wait."""
        with redis_errors(self.storage_url):
            if self.limiter.hit(self.item, "client", client, cost=cost):
                return
            reset_at = self.limiter.get_window_stats(self.item, "client", client).reset_time
        raise RateLimited(self.rate, max(1, math.ceil(reset_at - time.time())))


def cost_of(request: Request) -> int:
    route = request.scope.get("route")
    return COSTS.get(getattr(route, "path", request.url.path), 1)


def rate_limited(request: Request) -> None:
    """App-wide dependency: every route draws on its client's budget."""
    client = request.client.host if request.client else "unknown"
    request.app.state.rate_limit.check(client, cost_of(request))
