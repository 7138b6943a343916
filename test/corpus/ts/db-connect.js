import net from 'node:net';

/** Opens a TCP connection to the database proxy and resolves when it is ready. */
export function connect(host, port) {
  return new Promise(async function (resolve, reject) { // expect: async-promise-executor
    const socket = net.connect({ host, port });
    socket.setTimeout(5_000);
    socket.once('connect', () => resolve(socket));
    socket.once('timeout', () => {
      socket.destroy();
      reject(new Error(`connect to ${host}:${port} timed out`));
    });
    socket.once('error', reject);
  });
}

export function connectFixed(host, port) {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port });
    socket.setTimeout(5_000);
    socket.once('connect', () => {
      socket.setTimeout(0);
      resolve(socket);
    });
    socket.once('timeout', () => {
      socket.destroy();
      reject(new Error(`connect to ${host}:${port} timed out`));
    });
    socket.once('error', reject);
  });
}
