"""Property-based API test: every input schemathesis derives from /openapi.json gets no 5xx.

The schema is read from the app object (cheap: no index is opened); the generated requests go to the
real server of the `live_server` fixture.
"""

import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from api.main import create_app

schema = schemathesis.openapi.from_dict(create_app().openapi())


@schema.parametrize()
@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_server_error_on_any_generated_input(case, live_server) -> None:
    response = case.call_and_validate(base_url=live_server.url, checks=[not_a_server_error])
    assert response.status_code < 500
