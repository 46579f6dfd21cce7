import sys

from artois_access.cli import main

sys.exit(main())
