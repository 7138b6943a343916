import { py, pyRuleTable } from '../helpers.js';

pyRuleTable('swallowed-cancellation', {
  valid: [
    {
      name: 'cleanup then re-raise',
      code: py`
        import asyncio

        async def worker(q: asyncio.Queue) -> None:
            try:
                while True:
                    await handle(await q.get())
            except asyncio.CancelledError:
                await flush()
                raise
      `,
    },
    {
      name: 'awaiting a task this code cancelled',
      code: py`
        import asyncio

        async def stop(task: asyncio.Task) -> None:
            task.cancel()
            try:
                await task
            except asyncio.CancelledError:
                pass
      `,
    },
    {
      name: 'except Exception does not catch CancelledError',
      code: py`
        async def safe_fetch(client, url):
            try:
                return await client.get(url)
            except Exception:
                log.exception("fetch failed")
                return None
      `,
    },
    {
      name: 'bare except in sync code is not a coroutine',
      code: py`
        def parse(text):
            try:
                return int(text)
            except:
                return 0
      `,
    },
  ],
  invalid: [
    {
      name: 'CancelledError swallowed with pass',
      code: py`
        import asyncio

        async def heartbeat() -> None:
            while True:
                try:
                    await asyncio.sleep(5)
                    await ping()
                except asyncio.CancelledError:
                    pass
      `,
      lines: [8],
    },
    {
      name: 'bare except and BaseException with continue/return',
      code: py`
        async def consume(stream):
            async for msg in stream:
                try:
                    await handle(msg)
                except:
                    continue

        async def fetch(client, url):
            try:
                return await client.get(url)
            except BaseException:
                return None
      `,
      lines: [5, 11],
    },
    {
      name: 'from asyncio import CancelledError, with logging but no raise',
      code: py`
        from asyncio import CancelledError

        async def run(job):
            try:
                await job.execute()
            except CancelledError:
                logger.info("job cancelled")
                return
      `,
      lines: [6],
    },
  ],
});

// Classes found on published async libraries (bench/real/triage-python.md): what counts as re-raising, which
// cancellations a handler can see, and when a swallowed one is certain to keep the task running.
pyRuleTable(
  'swallowed-cancellation',
  {
    valid: [
      {
        name: 're-raised through a helper that always raises',
        code: py`
          class Stream:
              def _convert_error(self, exc):
                  if isinstance(exc, OSError):
                      raise ConnectionError(str(exc)) from exc
                  else:
                      raise exc

              async def receive(self):
                  try:
                      return await self._sock.recv(65536)
                  except BaseException as exc:
                      self._convert_error(exc)
        `,
      },
      {
        name: 'a framework module using its own cancel scopes (relative imports, no asyncio)',
        code: py`
          from .. import _core

          async def finalize_one(agen):
              try:
                  with _core.CancelScope(shield=True) as scope:
                      scope.cancel()
                      await agen.aclose()
              except BaseException:
                  LOGGER.exception("finalizer failed")
        `,
      },
      {
        name: 're-raised through a helper that takes no argument',
        code: py`
          class Channel:
              def _raise_closed(self):
                  raise ConnectionError("channel closed")

              async def recv(self):
                  try:
                      return await self._queue.get()
                  except BaseException:
                      self._raise_closed()
        `,
      },
      {
        name: 'handed on to a future or an outcome',
        code: py`
          import asyncio

          async def run_and_report(coro, fut: asyncio.Future) -> None:
              try:
                  result = await coro
              except BaseException as exc:
                  fut.set_exception(exc)
              else:
                  fut.set_result(result)
        `,
      },
      {
        name: 'a flag set by the handler and raised on later',
        code: py`
          import asyncio

          async def drain(q: asyncio.Queue) -> None:
              cancelled = False
              try:
                  await q.join()
              except asyncio.CancelledError:
                  cancelled = True
              await flush()
              if cancelled:
                  raise asyncio.CancelledError
        `,
      },
      {
        name: 'the finally of the same try raises',
        code: py`
          import asyncio

          async def step(conn) -> None:
              try:
                  await conn.send(b"x")
              except asyncio.CancelledError:
                  conn.abort()
              finally:
                  if conn.broken:
                      raise RuntimeError("connection broken")
        `,
      },
      {
        name: 'a try body that never awaits cannot catch cancellation',
        code: py`
          async def call_in_context(exc_info, awaitable):
              try:
                  raise exc_info[1]
              except BaseException:
                  result = await awaitable()
              return result
        `,
      },
      {
        name: 'trio code: cancellation is re-delivered at the next checkpoint',
        code: py`
          import trio

          async def finalize(agen):
              try:
                  with trio.CancelScope(shield=True) as scope:
                      scope.cancel()
                      await agen.aclose()
              except BaseException:
                  log.exception("finalizer failed")
        `,
      },
    ],
    invalid: [
      {
        name: 'swallowed and back around the loop: error',
        code: py`
          import asyncio

          async def consume(q: asyncio.Queue) -> None:
              while True:
                  try:
                      item = await q.get()
                      await handle(item)
                  except asyncio.CancelledError:
                      log.info("cancel ignored")
                      continue
        `,
        lines: [8],
        severities: ['error'],
      },
      {
        name: 'a bare except in a loop that keeps serving: error',
        code: py`
          import asyncio

          async def serve(conn) -> None:
              while not conn.closed:
                  try:
                      await conn.handle_next()
                  except:
                      log.warning("handler failed")
        `,
        lines: [7],
        severities: ['error'],
      },
      {
        name: 'swallowed at the end of the coroutine: warning (it stops, but reports success)',
        code: py`
          import asyncio

          async def run_app(app, scope) -> None:
              try:
                  await app(scope)
              except BaseException as exc:
                  log.error("application failed", exc_info=exc)
        `,
        lines: [6],
        severities: ['warning'],
      },
      {
        name: 'awaiting an existing task inside a loop: warning (the CancelledError may be the task\'s)',
        code: py`
          import asyncio

          async def reap(tasks: list[asyncio.Task]) -> None:
              for t in tasks:
                  try:
                      await t
                  except asyncio.CancelledError:
                      pass
        `,
        lines: [7],
        severities: ['warning'],
      },
    ],
  },
  'swallowed-cancellation on real code',
);
