"""Contract scenarios for legacy/timeout.py: the same contract and scenarios as the main variant."""

from __future__ import annotations

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from timeout import scenarios  # noqa: E402,F401  # re-exported for the runner
