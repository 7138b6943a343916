import { calleeLastName, calleeOf, descendantsInScope, enclosingFunction, inAsyncFunction, isAwaited, snippet, unparen, type PyNode } from '../analysis.js';
import type { PyRule } from '../rule.js';

/** Blocking functions by qualified name, with the non-blocking replacement the message names. */
const BLOCKING: Array<[RegExp, string]> = [
  [/^time\.sleep$/, '`await asyncio.sleep(...)`'],
  [/^requests\.(get|post|put|patch|delete|head|options|request)$/, 'an async client (`httpx.AsyncClient`, `aiohttp`) or `await asyncio.to_thread(requests.get, url, timeout=...)`'],
  [/^urllib\.request\.(urlopen|urlretrieve)$/, 'an async HTTP client or `await asyncio.to_thread(...)`'],
  [/^http\.client\.(HTTPConnection|HTTPSConnection)$/, 'an async HTTP client or `await asyncio.to_thread(...)`'],
  [/^subprocess\.(run|call|check_call|check_output|getoutput|getstatusoutput)$/, '`await asyncio.create_subprocess_exec(...)`'],
  [/^os\.(system|popen|wait|waitpid)$/, '`await asyncio.create_subprocess_exec(...)`'],
  [/^socket\.(create_connection|getaddrinfo|gethostbyname)$/, '`await asyncio.open_connection(...)` / `loop.getaddrinfo(...)`'],
  [/^sqlite3\.connect$/, 'an async driver (`aiosqlite`) or `await asyncio.to_thread(...)`'],
  [/^(psycopg2|pymysql|MySQLdb)\.connect$/, 'an async driver (`asyncpg`, `psycopg` async, `aiomysql`) or `await asyncio.to_thread(...)`'],
  [/^hashlib\.(pbkdf2_hmac|scrypt)$/, '`await asyncio.to_thread(hashlib.pbkdf2_hmac, ...)`'],
  [/^bcrypt\.(hashpw|checkpw|kdf)$/, '`await asyncio.to_thread(bcrypt.hashpw, ...)`'],
  [/^shutil\.(copy|copy2|copyfile|copytree|rmtree|move|make_archive)$/, '`await asyncio.to_thread(shutil....)`'],
  [/^input$/, '`await asyncio.to_thread(input, ...)`'],
  [/^pandas\.read_(csv|excel|json|parquet|sql|sql_query|table|html|feather|pickle)$/, '`await asyncio.to_thread(pd.read_csv, ...)`'],
  [/^urllib3\.request$/, 'an async HTTP client or `await asyncio.to_thread(...)`'],
];

/** Methods that block on objects whose class is evident from where they were made. */
const BLOCKING_METHODS: Record<string, RegExp> = {
  'subprocess.Popen': /^(wait|communicate)$/,
  'socket.socket': /^(connect|accept|recv|recv_into|recvfrom|send|sendall|sendto|makefile)$/,
  'sqlite3.Connection': /^(execute|executemany|executescript|commit|cursor)$/,
  'requests.Session': /^(get|post|put|patch|delete|head|options|request)$/,
  // Synchronous SDK clients: every network method blocks (their asyncio twins are aioboto3, redis.asyncio, motor).
  'boto3.client': /^(?!(get_paginator|get_waiter|can_paginate|close|meta|exceptions)$)[a-z_]+$/,
  'redis.Redis': /^(get|set|mget|mset|delete|incr|decr|expire|hget|hset|hgetall|lpush|rpush|lpop|rpop|blpop|brpop|publish|exists|keys|scan|pipeline|execute|ping|setex|sadd|smembers|zadd|zrange)$/,
  'pymongo.MongoClient': /^(server_info|list_database_names|drop_database|start_session)$/,
  'psycopg2.connection': /^(cursor|commit|rollback)$/,
  'urllib3.PoolManager': /^(request|urlopen|request_encode_body|request_encode_url)$/,
};

/** pathlib.Path file I/O: reported when not awaited (anyio/aiopath offer awaitable look-alikes). */
const PATH_IO = /^(read_text|write_text|read_bytes|write_bytes)$/;

export const blockingCallInAsync: PyRule = {
  meta: {
    id: 'blocking-call-in-async',
    description: 'A synchronous, blocking call inside `async def` stalls the event loop and every other task.',
    severity: 'error',
    patternId: 'offload-blocking',
    basis: 'syntax',
    certainFromSyntax:
      'The callee resolves, through the file\'s imports or the constructor that made its receiver, to a synchronous function known to block the thread (time.sleep, requests, subprocess.run, a blocking socket or database call): inside a coroutine it stalls the loop every time it runs. A receiver known only by its name is a warning.',
  },
  create(ctx) {
    const { file } = ctx;
    const report = (call: PyNode, what: string, fix: string, confidence: 'high' | 'medium' = 'high', byName = false): void => {
      ctx.report({
        node: call,
        confidence,
        ...(byName ? { basis: { kind: 'name' as const, detail: 'the receiver is named like a path' } } : {}),
        message: `\`${what}\` blocks the event loop inside a coroutine: every other task stops until it returns. Use ${fix}.`,
        suggestion: /^time\.sleep$/.test(what) ? `await asyncio.sleep(${positionalText(call)})` : undefined,
      });
    };
    return {
      call(call) {
        if (isAwaited(call) || !inAsyncFunction(call)) return;
        const name = file.calleeName(call);
        if (name) {
          if (name === 'open' && !file.imports.has('open')) {
            report(call, 'open(...)', '`await asyncio.to_thread(path.read_text)` (or `aiofiles`) for file I/O');
            return;
          }
          for (const [re, fix] of BLOCKING) {
            if (re.test(name) && (name !== 'input' || !file.imports.has('input')) && !resolvesLocally(call, name)) {
              report(call, name, fix);
              return;
            }
          }
        }
        const method = calleeLastName(call);
        const cls = file.receiverClass(call);
        const re = cls ? BLOCKING_METHODS[cls] : undefined;
        if (re?.test(method) && !(cls === 'socket.socket' && nonBlockingSocket(call))) {
          report(call, `${cls}.${method}`, cls === 'subprocess.Popen' ? '`asyncio.create_subprocess_exec(...)` and `await proc.wait()`' : '`await asyncio.to_thread(...)` or an async library', /^(boto3|redis|pymongo|psycopg2)/.test(cls ?? '') ? 'medium' : 'high');
          return;
        }
        if (PATH_IO.test(method)) {
          const recv = calleeOf(call)?.childForFieldName('object');
          const r = recv ? unparen(recv) : undefined;
          const evident = r?.type === 'call' && /(^|\.)(Path|PurePath)$/.test(file.calleeName(r) ?? '');
          const pathish = evident || (r !== undefined && /(path|file)$/i.test(r.text) && !/aio|async|anyio/i.test(r.text));
          if (pathish) report(call, `Path.${method}`, `\`await asyncio.to_thread(${snippet(calleeOf(call) ?? call)})\``, evident ? 'high' : 'medium', !evident);
        }
      },
    };
  },
};

/**
 * Calls that do not block after all: `getaddrinfo(..., flags | AI_NUMERICHOST)` resolves nothing (numeric host only),
 * so it returns at once.
 */
function resolvesLocally(call: PyNode, name: string): boolean {
  if (!/^socket\.(getaddrinfo|gethostbyname)$/.test(name)) return false;
  const args = call.childForFieldName('arguments')?.text ?? '';
  return /NUMERIC/.test(args);
}

/** The socket was put in non-blocking mode in this function (`sock.setblocking(False)`, `sock.settimeout(0)`). */
function nonBlockingSocket(call: PyNode): boolean {
  const recv = calleeOf(call)?.childForFieldName('object')?.text;
  const body = enclosingFunction(call)?.childForFieldName('body');
  if (!recv || !body) return false;
  return descendantsInScope(body, new Set(['call'])).some((c) => {
    const t = c.text.replace(/\s+/g, '');
    return t === `${recv}.setblocking(False)` || t === `${recv}.setblocking(0)` || t === `${recv}.settimeout(0)` || t === `${recv}.settimeout(0.0)`;
  });
}

function positionalText(call: PyNode): string {
  const args = call.childForFieldName('arguments');
  return args ? args.text.replace(/^\(|\)$/g, '') : '';
}
