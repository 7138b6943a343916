import { writeFile, rename } from 'node:fs/promises';

/** Saves a document at most once per second, writing to a temp file and renaming it into place. */
export class Autosaver {
  private timer: NodeJS.Timeout | undefined;
  private saving: Promise<void> = Promise.resolve();

  constructor(
    private readonly path: string,
    private readonly onError: (err: unknown) => void,
  ) {}

  schedule(content: string): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      // Chain after the previous save so writes never overlap; errors go to onError.
      this.saving = this.saving.then(() => this.write(content)).catch(this.onError);
    }, 1_000);
  }

  async flush(): Promise<void> {
    clearTimeout(this.timer);
    await this.saving;
  }

  private async write(content: string): Promise<void> {
    const tmp = `${this.path}.tmp`;
    await writeFile(tmp, content);
    await rename(tmp, this.path);
  }
}
