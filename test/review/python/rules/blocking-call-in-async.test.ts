import { py, pyRuleTable } from '../helpers.js';

pyRuleTable('blocking-call-in-async', {
  valid: [
    {
      name: 'I/O offloaded with asyncio.to_thread',
      code: py`
        import asyncio
        import requests

        async def fetch_report(url: str) -> bytes:
            resp = await asyncio.to_thread(requests.get, url, timeout=10)
            return resp.content
      `,
    },
    {
      name: 'blocking work inside a lambda given to run_in_executor',
      code: py`
        import asyncio, hashlib

        async def hash_password(pw: bytes, salt: bytes) -> bytes:
            loop = asyncio.get_running_loop()
            return await loop.run_in_executor(None, lambda: hashlib.pbkdf2_hmac("sha256", pw, salt, 600_000))
      `,
    },
    {
      name: 'time.sleep in a sync helper and at module level',
      code: py`
        import time

        def wait_for_port() -> None:
            time.sleep(0.5)

        time.sleep(0.1)
      `,
    },
    {
      name: 'aiofiles.open and asyncio.sleep',
      code: py`
        import asyncio
        import aiofiles

        async def tail(path: str) -> str:
            async with aiofiles.open(path) as f:
                await asyncio.sleep(0)
                return await f.read()
      `,
    },
    {
      name: 'open inside a nested sync function that is offloaded',
      code: py`
        import asyncio

        async def load(path: str) -> str:
            def read() -> str:
                with open(path) as f:
                    return f.read()
            return await asyncio.to_thread(read)
      `,
    },
  ],
  invalid: [
    {
      name: 'time.sleep and requests in a coroutine',
      code: py`
        import time
        import requests

        async def poll(url: str) -> dict:
            time.sleep(1)
            return requests.get(url, timeout=5).json()
      `,
      lines: [5, 6],
    },
    {
      name: 'aliases: from time import sleep, import requests as r',
      code: py`
        from time import sleep
        import requests as r

        async def notify(hook: str) -> None:
            sleep(0.2)
            r.post(hook, json={}, timeout=3)
      `,
      lines: [5, 6],
    },
    {
      name: 'open(), subprocess.run and Path.read_text',
      code: py`
        import subprocess
        from pathlib import Path

        async def build(cfg: str) -> str:
            with open(cfg) as f:
                data = f.read()
            subprocess.run(["make"], check=True)
            return Path(cfg).read_text() + data
      `,
      lines: [5, 7, 8],
    },
    {
      name: 'hashing and sqlite3',
      code: py`
        import hashlib
        import sqlite3

        async def register(user: str, pw: bytes) -> None:
            digest = hashlib.pbkdf2_hmac("sha256", pw, b"salt", 100_000)
            conn = sqlite3.connect("users.db")
            conn.execute("INSERT INTO users VALUES (?, ?)", (user, digest))
      `,
      lines: [5, 6, 7],
    },
    {
      name: 'synchronous SDK clients (boto3, redis) in a coroutine',
      code: py`
        import boto3
        import redis

        s3 = boto3.client("s3")
        cache = redis.Redis()

        async def upload(key: str, body: bytes) -> None:
            s3.put_object(Bucket="b", Key=key, Body=body)
            cache.set(key, "uploaded")
      `,
      lines: [8, 9],
    },
    {
      name: 'pandas.read_csv and a urllib3 pool in a coroutine',
      code: py`
        import pandas as pd
        import urllib3

        http = urllib3.PoolManager()

        async def load(url, path):
            frame = pd.read_csv(path)
            resp = http.request("GET", url)
            return frame, resp
      `,
      lines: [7, 8],
    },
  ],
});

// Calls that look blocking but are not, and receivers known only by name (bench/real/triage-python.md).
pyRuleTable(
  'blocking-call-in-async',
  {
    valid: [
      {
        name: 'a socket put in non-blocking mode first',
        code: py`
          import asyncio
          import socket

          async def connect_unix(path):
              loop = asyncio.get_running_loop()
              sock = socket.socket(socket.AF_UNIX)
              sock.setblocking(False)
              try:
                  sock.connect(path)
              except BlockingIOError:
                  await loop.sock_connect(sock, path)
              return sock
        `,
      },
      {
        name: 'getaddrinfo restricted to numeric hosts resolves nothing',
        code: py`
          import socket

          async def numeric_only(host, port):
              return socket.getaddrinfo(host, port, 0, 0, 0, socket.AI_NUMERICHOST | socket.AI_NUMERICSERV)
        `,
      },
    ],
    invalid: [
      {
        name: 'time.sleep resolved through the imports: error; a path-named receiver: warning',
        code: py`
          import time

          async def poll(config_path):
              time.sleep(1)
              return config_path.read_text()
        `,
        lines: [4, 5],
        severities: ['error', 'warning'],
      },
    ],
  },
  'blocking-call-in-async: real code',
);
