"""``python -m smegvc.build``: see :mod:`smegvc.build.driver`."""
import sys

from smegvc.build.driver import main

sys.exit(main())
