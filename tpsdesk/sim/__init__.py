"""A local TPStreams API server for the demo mode and the integration tests.

An independent second reading of the API contract: nothing here imports the
rest of tpsdesk (and nothing imports Qt), so client and simulator cannot agree
with each other by accident.
"""

from .config import SimConfig
from .deliveries import Delivery
from .server import RecordedRequest, SimServer

__all__ = ["Delivery", "RecordedRequest", "SimConfig", "SimServer"]
