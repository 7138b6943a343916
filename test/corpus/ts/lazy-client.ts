import { createConnection, type Socket } from 'node:net';

let connecting: Promise<Socket> | undefined;

function connect(host: string, port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = createConnection({ host, port, timeout: 5_000 });
    socket.once('connect', () => {
      socket.setTimeout(0);
      resolve(socket);
    });
    socket.once('timeout', () => socket.destroy(new Error(`connect to ${host}:${port} timed out`)));
    socket.once('error', reject);
  });
}

/** One shared connection; the promise is stored synchronously, so concurrent callers never open two. */
export function getConnection(): Promise<Socket> {
  connecting ??= connect(process.env.CACHE_HOST ?? '127.0.0.1', 11211).catch((err: unknown) => {
    connecting = undefined;
    throw err;
  });
  return connecting;
}
