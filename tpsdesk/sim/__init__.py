"""A local TPStreams API server for the demo mode and the integration tests.

An independent second reading of the API contract: nothing here imports the
rest of tpsdesk (and nothing imports Qt), so client and simulator cannot agree
with each other by accident.
"""

from .config import SimConfig
from .server import RecordedRequest, SimServer
from .webhooks import Delivery

__all__ = ["Delivery", "RecordedRequest", "SimConfig", "SimServer"]
