import sys

from common.logs import configure_logging
from knowledge.cli import main

configure_logging()
sys.exit(main())
