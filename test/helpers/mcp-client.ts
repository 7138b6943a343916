import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { afterAll, beforeAll } from 'vitest';
import { createLogger } from '../../src/log.js';
import { createServer } from '../../src/server/create-server.js';
import type { ServerContext } from '../../src/server/context.js';
import { createContext } from '../../src/server/start.js';

let sharedContext: ServerContext | undefined;

/** The server context, loaded once per test file (as the real process does once per start). */
export function testContext(): ServerContext {
  sharedContext ??= createContext(createLogger('silent'));
  return sharedContext;
}

/** An SDK client connected in process to a fresh server over InMemoryTransport. */
export async function connectInMemory(): Promise<{ client: Client; close: () => Promise<void> }> {
  const server = createServer(testContext());
  const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
  await server.connect(serverTransport);
  const client = new Client({ name: 'test-client', version: '0.0.0' });
  await client.connect(clientTransport);
  return {
    client,
    close: async () => {
      await client.close();
      await server.close();
    },
  };
}

/**
 * Registers beforeAll/afterAll hooks that connect one in-process client for the enclosing test file (or describe
 * block) and close it afterwards. Returns a getter: the client exists only once beforeAll has run.
 */
export function useInMemoryClient(): () => Client {
  let connection: { client: Client; close: () => Promise<void> } | undefined;
  beforeAll(async () => {
    connection = await connectInMemory();
  });
  afterAll(async () => {
    await connection?.close();
  });
  return () => {
    if (connection === undefined) throw new Error('the in-memory client is used before beforeAll connected it');
    return connection.client;
  };
}

/** The text of a tool result's first text content. */
export function firstText(result: { content?: unknown }): string {
  const content = result.content as Array<{ type: string; text?: string }> | undefined;
  const text = content?.find((c) => c.type === 'text')?.text;
  if (text === undefined) throw new Error('result has no text content');
  return text;
}
