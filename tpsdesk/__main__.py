from tpsdesk.shell.app import main

raise SystemExit(main())
