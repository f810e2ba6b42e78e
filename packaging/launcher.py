"""Entry script for the frozen app: the same ``main`` as ``python -m tpsdesk``."""

from tpsdesk.app import main

raise SystemExit(main())
