"""Contract scenarios for legacy/timeout.py: the same contract and scenarios as the main variant."""

from __future__ import annotations

from harness import main_variant_scenarios

scenarios = main_variant_scenarios("timeout")
