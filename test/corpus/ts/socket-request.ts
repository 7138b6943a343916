import { Socket } from 'node:net';

export function sendCommand(socket: Socket, command: string): Promise<string> {
  return new Promise((resolve, reject) => {
    if (socket.destroyed) {
      return reject(new Error('socket is closed'));
    }
    const onData = (chunk: Buffer) => {
      socket.off('error', onError);
      resolve(chunk.toString('utf8').trim());
    };
    const onError = (err: Error) => {
      socket.off('data', onData);
      reject(err);
    };
    socket.once('data', onData);
    socket.once('error', onError);
    socket.write(`${command}\r\n`);
  });
}

export function readGreeting(socket: Socket): Promise<string> {
  return new Promise((resolve) => {
    return socket.once('data', (chunk) => resolve(chunk.toString())); // expect: promise-executor-return
  });
}
