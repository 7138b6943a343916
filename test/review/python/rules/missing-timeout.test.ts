import { py, pyRuleTable } from '../helpers.js';

pyRuleTable('missing-timeout', {
  valid: [
    {
      name: 'aiohttp session with ClientTimeout',
      code: py`
        import aiohttp

        async def get_json(url):
            async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=10)) as s:
                async with s.get(url) as r:
                    return await r.json()
      `,
    },
    {
      name: 'open_connection and readline under asyncio.timeout / wait_for',
      code: py`
        import asyncio

        async def banner(host):
            async with asyncio.timeout(5):
                reader, writer = await asyncio.open_connection(host, 25)
                line = await reader.readline()
            more = await asyncio.wait_for(reader.readline(), 5)
            writer.close()
            return line + more
      `,
    },
    {
      name: 'to_thread(requests.get) with timeout, httpx default client',
      code: py`
        import asyncio, httpx, requests

        async def fetch(url):
            r = await asyncio.to_thread(requests.get, url, timeout=10)
            async with httpx.AsyncClient() as c:
                return r.text + (await c.get(url)).text
      `,
    },
    {
      name: 'subprocess communicate under wait_for',
      code: py`
        import asyncio

        async def run(cmd):
            proc = await asyncio.create_subprocess_exec(*cmd, stdout=asyncio.subprocess.PIPE)
            out, _ = await asyncio.wait_for(proc.communicate(), 60)
            return out
      `,
    },
    {
      name: 'session kept on self, every request passing timeout=',
      code: py`
        import aiohttp

        class Client:
            def __init__(self):
                self.session = aiohttp.ClientSession()

            async def get(self, url):
                async with self.session.get(url, timeout=aiohttp.ClientTimeout(total=5)) as r:
                    return await r.json()
      `,
    },
  ],
  invalid: [
    {
      name: 'aiohttp session without a timeout',
      code: py`
        import aiohttp

        async def get_json(url):
            async with aiohttp.ClientSession() as s:
                async with s.get(url) as r:
                    return await r.json()
      `,
      lines: [4],
    },
    {
      name: 'raw stream without deadline',
      code: py`
        import asyncio

        async def banner(host):
            reader, writer = await asyncio.open_connection(host, 25)
            line = await reader.readline()
            writer.close()
            return line
      `,
      lines: [4, 5],
    },
    {
      name: 'subprocess and to_thread(requests.get) without timeout',
      code: py`
        import asyncio
        import requests

        async def run(cmd, url):
            proc = await asyncio.create_subprocess_exec(*cmd, stdout=asyncio.subprocess.PIPE)
            out, _ = await proc.communicate()
            page = await asyncio.to_thread(requests.get, url)
            return out, page
      `,
      lines: [6, 7],
    },
    {
      name: 'httpx with timeout=None',
      code: py`
        import httpx

        async def download(url):
            async with httpx.AsyncClient(timeout=None) as client:
                return await client.get(url)
      `,
      lines: [4],
    },
  ],
});
