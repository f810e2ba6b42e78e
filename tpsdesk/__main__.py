import sys

from tpsdesk.shell.config import build_parser

# --help, --version and flag mistakes end here, before Qt (and the rest of the app) is imported.
build_parser().parse_args(sys.argv[1:])

from tpsdesk.shell.app import main  # noqa: E402

raise SystemExit(main())
