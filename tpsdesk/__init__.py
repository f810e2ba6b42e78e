"""tpsdesk: a desktop control panel for TPStreams live streams."""

__version__ = "0.1.0"
