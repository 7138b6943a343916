import { writeFile, unlink } from 'node:fs/promises';

interface Session {
  id: string;
  userId: string;
  data: Record<string, unknown>;
}

export class FileSessionStore {
  constructor(private readonly dir: string) {}

  private async save(session: Session): Promise<void> {
    await writeFile(`${this.dir}/${session.id}.json`, JSON.stringify(session));
  }

  async destroy(id: string): Promise<void> {
    await unlink(`${this.dir}/${id}.json`);
  }

  touch(session: Session): void {
    session.data.lastSeen = Date.now();
    this.save(session); // expect: floating-promise
  }

  destroyAll(ids: string[]): void {
    ids.forEach((id) => this.destroy(id)); // expect: misused-promise
  }

  async destroyMany(ids: string[]): Promise<void> {
    Promise.all(ids.slice(0, 5).map((id) => this.destroy(id))); // expect: floating-promise
  }
}
