"""Runs contract scenarios against Python templates; prints one JSON object {python, results}.

    python run.py <root> <template path> <scenario path> [<template path> <scenario path> ...]

Each template is imported from its file (its name has dashes), each scenario runs in a fresh event loop (virtual
clock unless it asks for the real one), with asyncio debug mode on. A scenario fails when it raises, when it leaves
an error asyncio logs (a task exception never retrieved, an exception in a callback), or when it runs past its time
limit: a year on the virtual clock, 60 s on the real one.
"""

from __future__ import annotations

import asyncio
import importlib.util
import json
import logging
import os
import platform
import sys
import traceback
from types import ModuleType
from typing import Any, Dict, List

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import Context, VirtualClockLoop  # noqa: E402

VIRTUAL_LIMIT = 365 * 24 * 3600.0
REAL_LIMIT = 60.0


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: List[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(self.format(record))


def load(path: str, name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses and typing need the module registered
    spec.loader.exec_module(module)
    return module


def run_one(scenario: Any, template_path: str, version: str) -> Dict[str, Any]:
    virtual = scenario.clock != "real"
    loop: asyncio.AbstractEventLoop = VirtualClockLoop() if virtual else asyncio.new_event_loop()
    loop.set_debug(True)
    loop.slow_callback_duration = 10.0  # a slow machine is not a defect of the template
    asyncio.set_event_loop(loop)
    errors = _Collect()
    asyncio_log = logging.getLogger("asyncio")
    asyncio_log.addHandler(errors)
    limit = VIRTUAL_LIMIT if virtual else REAL_LIMIT
    try:
        context = Context(loop, virtual, template_path, version)

        async def guarded() -> None:
            context.guard_deadline = loop.time() + limit
            context.runner_tasks = set(asyncio.all_tasks())
            await asyncio.wait_for(scenario.run(context), limit)

        loop.run_until_complete(guarded())
        # Let callbacks scheduled by the end of the scenario run, so their errors are seen.
        loop.run_until_complete(asyncio.sleep(0))
        loop.run_until_complete(loop.shutdown_asyncgens())
        if errors.records:
            return {"status": "failed", "error": "asyncio logged an error:\n" + "\n".join(errors.records)[:3000]}
        return {"status": "passed"}
    except asyncio.TimeoutError:
        return {"status": "failed", "error": f"still running after {limit:.0f} s of {'virtual' if virtual else 'real'} time"}
    except BaseException:  # noqa: BLE001  # report everything, KeyboardInterrupt aside
        if sys.exc_info()[0] is KeyboardInterrupt:
            raise
        return {"status": "failed", "error": traceback.format_exc(limit=8)[-3000:]}
    finally:
        asyncio_log.removeHandler(errors)
        pending = [t for t in asyncio.all_tasks(loop) if not t.done()]
        for task in pending:
            task.cancel()
        if pending:
            loop.run_until_complete(asyncio.wait(pending, timeout=1.0))
        asyncio.set_event_loop(None)
        loop.close()


def main(argv: List[str]) -> int:
    root, pairs = argv[0], argv[1:]
    version = platform.python_version()
    results: List[Dict[str, Any]] = []
    for index in range(0, len(pairs), 2):
        template, scenario_file = pairs[index], pairs[index + 1]
        pattern = os.path.splitext(os.path.basename(template))[0]
        try:
            module = load(os.path.join(root, template), f"template_{index}_{pattern.replace('-', '_')}")
            scenarios_module = load(os.path.join(root, scenario_file), f"scenarios_{index}_{pattern.replace('-', '_')}")
            scenarios = scenarios_module.scenarios(module)
        except BaseException:  # noqa: BLE001
            results.append({"template": template, "item": "", "title": "load", "status": "failed",
                            "error": traceback.format_exc(limit=8)[-3000:]})
            continue
        for scenario in scenarios:
            result = run_one(scenario, os.path.join(root, template), version)
            results.append({"template": template, "item": scenario.item, "title": scenario.title, **result})
    print(json.dumps({"python": version, "results": results}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
