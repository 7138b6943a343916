import { py, pyRuleTable } from '../helpers.js';

pyRuleTable('timeout-misuse', {
  valid: [
    {
      name: 'a bounded second wait for tasks already cancelled (shutdown grace period)',
      code: py`
        import asyncio

        async def stop(tasks, grace):
            done, pending = await asyncio.wait(tasks, timeout=5)
            for t in pending:
                t.cancel()
            _done, still = await asyncio.wait(pending, timeout=grace)
            return len(still)
      `,
    },
    {
      name: 'a single task cancelled, then waited for with a bound',
      code: py`
        import asyncio

        async def run_step(step, seconds):
            task = asyncio.ensure_future(step())
            done, _ = await asyncio.wait({task}, timeout=seconds)
            if task not in done:
                task.cancel()
                await asyncio.wait({task}, timeout=seconds)
                return False
            return True
      `,
    },
    {
      name: 'async with asyncio.timeout',
      code: py`
        import asyncio

        async def fetch(session, url):
            async with asyncio.timeout(10):
                return await session.get(url)
      `,
    },
    {
      name: 'timeout_at with a deadline from loop.time()',
      code: py`
        import asyncio

        async def fetch_by(deadline_s, coro):
            loop = asyncio.get_running_loop()
            async with asyncio.timeout_at(loop.time() + deadline_s):
                return await coro
      `,
    },
    {
      name: 'asyncio.wait with pending tasks cancelled',
      code: py`
        import asyncio

        async def first(tasks):
            done, pending = await asyncio.wait(tasks, timeout=5, return_when=asyncio.FIRST_COMPLETED)
            for t in pending:
                t.cancel()
            return done
      `,
    },
    {
      name: 'builtin TimeoutError caught around wait_for on 3.11 (an alias since 3.11)',
      target: { python: '3.11' },
      code: py`
        import asyncio

        async def fetch(coro):
            try:
                return await asyncio.wait_for(coro, 5)
            except TimeoutError:
                return None
      `,
    },
    {
      name: 'progress loop waiting again on what is still pending',
      code: py`
        import asyncio

        async def drain(tasks, log):
            pending = set(tasks)
            while pending:
                done, pending = await asyncio.wait(pending, timeout=1.0)
                log.info("%d finished, %d left", len(done), len(pending))
      `,
    },
    {
      name: 'pending tasks handed to a helper that cancels them',
      code: py`
        import asyncio

        async def first_answer(tasks):
            done, pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
            await cancel_and_wait(pending)
            return done.pop().result()
      `,
    },
    {
      name: 'finally cancels every task given to the wait',
      code: py`
        import asyncio

        async def hedged(primary, replica, delay):
            tasks = [asyncio.create_task(primary()), asyncio.create_task(replica())]
            try:
                done, pending = await asyncio.wait(tasks, timeout=delay, return_when=asyncio.FIRST_COMPLETED)
                if not done:
                    raise TimeoutError("no answer in time")
                return done.pop().result()
            finally:
                for t in tasks:
                    t.cancel()
      `,
    },
    {
      name: 'pending copied to a list, then cancelled and awaited',
      code: py`
        import asyncio

        async def stop_workers(workers, grace):
            done, pending = await asyncio.wait(workers, timeout=grace)
            stragglers = list(pending)
            for worker in stragglers:
                worker.cancel()
            await asyncio.gather(*stragglers, return_exceptions=True)
            return len(done)
      `,
    },
    {
      name: 'pending returned to the caller',
      code: py`
        import asyncio

        async def wait_some(tasks, seconds):
            done, pending = await asyncio.wait(tasks, timeout=seconds)
            return done, pending
      `,
    },
  ],
  invalid: [
    {
      name: 'a cancel on another path does not cover the wait',
      code: py`
        import asyncio

        async def run_step(step, seconds, abort):
            task = asyncio.ensure_future(step())
            if abort:
                task.cancel()
            done, pending = await asyncio.wait({task}, timeout=seconds)
            return len(done)
      `,
      lines: [7],
    },
    {
      name: 'plain with on asyncio.timeout',
      code: py`
        import asyncio

        async def fetch(session, url):
            with asyncio.timeout(10):
                return await session.get(url)
      `,
      lines: [4],
    },
    {
      name: 'timeout_at given a duration',
      code: py`
        import asyncio

        async def fetch(session, url, timeout):
            async with asyncio.timeout_at(timeout):
                return await session.get(url)
      `,
      lines: [4],
    },
    {
      name: 'asyncio.wait leaves pending tasks running',
      code: py`
        import asyncio

        async def race(coros):
            tasks = [asyncio.create_task(c) for c in coros]
            done, _ = await asyncio.wait(tasks, timeout=3)
            return [t.result() for t in done]
      `,
      lines: [5],
    },
    {
      name: 'builtin TimeoutError caught around wait_for on 3.10',
      target: { python: '3.10' },
      code: py`
        import asyncio

        async def fetch(coro):
            try:
                return await asyncio.wait_for(coro, 5)
            except TimeoutError:
                return None
      `,
      lines: [6],
    },
    {
      name: 'pending only counted in a log line',
      code: py`
        import asyncio
        import logging

        log = logging.getLogger(__name__)

        async def hedged_lookup(key, seconds):
            tasks = [asyncio.ensure_future(primary(key)), asyncio.ensure_future(replica(key))]
            done, pending = await asyncio.wait(tasks, timeout=seconds, return_when=asyncio.FIRST_COMPLETED)
            log.info("%d finished, %d still running", len(done), len(pending))
            for task in done:
                if task.exception() is None:
                    return task.result()
            return None
      `,
      lines: [8],
    },
    {
      name: 'FIRST_COMPLETED without a timeout, the losers never cancelled',
      code: py`
        import asyncio

        async def fastest(mirrors, fetch):
            tasks = {asyncio.create_task(fetch(m)) for m in mirrors}
            done, pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
            print(f"winner found, {len(pending)} others still downloading: {pending}")
            return done.pop().result()
      `,
      lines: [5],
    },
    {
      name: 'a loop over pending that only logs each task',
      code: py`
        import asyncio

        async def run_jobs(jobs, log):
            done, pending = await asyncio.wait(jobs, timeout=30)
            for job in pending:
                log.warning("job %s did not finish in time", job.get_name())
            return [j.result() for j in done]
      `,
      lines: [4],
    },
  ],
});

// asyncio.wait's pending tasks handled elsewhere in the function (bench/real/triage-python.md).
pyRuleTable(
  'timeout-misuse',
  {
    valid: [
      {
        name: 'result dropped, tasks cancelled in finally',
        code: py`
          import asyncio

          async def read_or_stop(reader, stop: asyncio.Event):
              read_task = asyncio.ensure_future(reader.read(100))
              stop_task = asyncio.ensure_future(stop.wait())
              try:
                  await asyncio.wait([read_task, stop_task], return_when=asyncio.FIRST_COMPLETED)
                  return None if stop.is_set() else read_task.result()
              finally:
                  if not read_task.done():
                      read_task.cancel()
                  if not stop_task.done():
                      stop_task.cancel()
        `,
      },
      {
        name: 'items of a literal list cancelled one by one',
        code: py`
          import asyncio

          async def pump(ws, inputs, stop):
              while True:
                  incoming = asyncio.create_task(ws.recv())
                  outgoing = asyncio.create_task(inputs.get())
                  done, pending = await asyncio.wait([incoming, outgoing, stop], return_when=asyncio.FIRST_COMPLETED)
                  if incoming in pending:
                      incoming.cancel()
                  if outgoing in pending:
                      outgoing.cancel()
                  if stop in done:
                      break
        `,
      },
      {
        name: 'waiting on a long-lived task of the object and a bare future',
        code: py`
          import asyncio

          class Conn:
              async def recv(self):
                  waiter = self.loop.create_future()
                  await asyncio.wait([waiter, self.transfer_task], return_when=asyncio.FIRST_COMPLETED)
        `,
      },
    ],
    invalid: [
      {
        name: 'tasks made for the wait and left running: warning',
        code: py`
          import asyncio

          async def first(urls):
              tasks = [asyncio.create_task(fetch(u)) for u in urls]
              await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
              return True
        `,
        lines: [5],
        severities: ['warning'],
      },
    ],
  },
  'timeout-misuse: asyncio.wait on real code',
);
