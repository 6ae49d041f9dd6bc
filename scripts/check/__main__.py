import sys

from scripts.check.run import run

sys.exit(run())
