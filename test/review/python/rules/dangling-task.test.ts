import { py, pyRuleTable } from '../helpers.js';

pyRuleTable('dangling-task', {
  valid: [
    {
      name: 'kept in a task set with a done callback',
      code: py`
        import asyncio

        background: set[asyncio.Task[None]] = set()

        async def on_event(evt: dict) -> None:
            task = asyncio.create_task(audit(evt))
            background.add(task)
            task.add_done_callback(background.discard)
      `,
    },
    {
      name: 'TaskGroup owns its tasks',
      code: py`
        import asyncio

        async def main(urls: list[str]) -> None:
            async with asyncio.TaskGroup() as tg:
                tg.create_task(fetch(urls[0]))
                tg.create_task(fetch(urls[1]))
      `,
    },
    {
      name: 'task awaited later',
      code: py`
        import asyncio

        async def main() -> None:
            ticker = asyncio.create_task(heartbeat())
            try:
                await serve()
            finally:
                ticker.cancel()
      `,
    },
    {
      name: 'anyio task group start_soon',
      code: py`
        import anyio

        async def main() -> None:
            async with anyio.create_task_group() as tg:
                tg.start_soon(worker)
      `,
    },
  ],
  invalid: [
    {
      name: 'fire and forget create_task',
      code: py`
        import asyncio

        async def handle(req) -> dict:
            asyncio.create_task(send_email(req.user))
            return {"ok": True}
      `,
      lines: [4],
    },
    {
      name: 'ensure_future and loop.create_task',
      code: py`
        import asyncio

        async def start() -> None:
            asyncio.ensure_future(refresh_cache())
            loop = asyncio.get_running_loop()
            loop.create_task(flush_metrics())
      `,
      lines: [4, 6],
    },
    {
      name: 'assigned to a local that is never used',
      code: py`
        import asyncio

        async def on_message(msg) -> None:
            task = asyncio.create_task(process(msg))
            await ack(msg)
      `,
      lines: [4],
    },
  ],
});

pyRuleTable(
  'dangling-task',
  {
    valid: [
      {
        name: 'kept in a set until done',
        code: py`
          import asyncio

          _tasks = set()

          async def on_event(evt):
              t = asyncio.create_task(audit(evt))
              _tasks.add(t)
              t.add_done_callback(_tasks.discard)
        `,
      },
    ],
    invalid: [
      {
        name: 'a dropped task is likely lost, not certainly: warning',
        code: py`
          import asyncio

          async def on_event(evt):
              asyncio.create_task(audit(evt))
        `,
        lines: [4],
        severities: ['warning'],
      },
    ],
  },
  'dangling-task: severity',
);
