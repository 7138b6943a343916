import type { Server } from "node:http";

/** Deliberate fire-and-forget from a signal handler: the async shutdown has a
 * catch that logs and sets the exit code, and the process exits when done. */
export function installShutdown(server: Server, closeDb: () => Promise<void>): void {
  process.once("SIGTERM", () => {
    void shutdown(server, closeDb).then(
      () => process.exit(0),
      (err: unknown) => {
        console.error("shutdown failed", err);
        process.exit(1);
      },
    );
  });
}

async function shutdown(server: Server, closeDb: () => Promise<void>): Promise<void> {
  await new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
  await closeDb();
}
