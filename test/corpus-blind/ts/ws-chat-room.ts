import { WebSocketServer, WebSocket } from 'ws';
import { Pool } from 'pg';

const pool = new Pool();
const wss = new WebSocketServer({ port: 8080 });

interface ChatMessage {
  room: string;
  author: string;
  text: string;
}

async function persist(msg: ChatMessage): Promise<number> {
  const { rows } = await pool.query<{ id: number }>(
    'INSERT INTO messages (room, author, text) VALUES ($1, $2, $3) RETURNING id',
    [msg.room, msg.author, msg.text],
  );
  return rows[0].id;
}

function broadcast(payload: string): void {
  for (const client of wss.clients) {
    if (client.readyState === WebSocket.OPEN) client.send(payload);
  }
}

async function onMessage(socket: WebSocket, data: string): Promise<void> {
  const msg = JSON.parse(data) as ChatMessage;
  const id = await persist(msg);
  broadcast(JSON.stringify({ ...msg, id }));
}

wss.on('connection', (socket) => {
  socket.on('message', (data) => {
    onMessage(socket, data.toString()).catch((err: unknown) => {
      console.error('message rejected', err);
      socket.send(JSON.stringify({ error: 'message could not be stored' }));
    });
  });
});
