import { promises as fs } from "node:fs";
import { EventEmitter } from "node:events";

export interface AppConfig {
  logLevel: string;
  features: Record<string, boolean>;
}

export class ConfigWatcher extends EventEmitter {
  private current: AppConfig | undefined;

  constructor(private readonly path: string) {
    super();
  }

  load(): Promise<AppConfig> {
    return new Promise(async (resolve, reject) => { // expect: async-promise-executor
      const raw = await fs.readFile(this.path, "utf8");
      this.current = JSON.parse(raw);
      resolve(this.current!);
    });
  }

  start(intervalMs = 5000): void {
    setInterval(async () => { // expect: misused-promise
      const exists = fs.exists(this.path); // expect: hallucinated-api
      if (!exists) return;
      const next = await this.load();
      this.emit("change", next);
    }, intervalMs);
  }
}
