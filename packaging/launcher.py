"""Entry script for the frozen app: the same ``main`` as ``python -m tpsdesk``."""

from tpsdesk.shell.app import main

raise SystemExit(main())
