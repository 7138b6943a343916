import type { Redis } from "ioredis";

interface Stats {
  views: number;
  lastPath: string;
}

/** Per-process page-view stats, persisted to Redis on every request. */
export class SessionStats {
  private stats = new Map<string, Stats>();

  constructor(private readonly redis: Redis) {}

  async recordView(sessionId: string, path: string): Promise<number> {
    const prev = this.stats.get(sessionId) ?? { views: 0, lastPath: "" };
    const views = prev.views + 1;
    await this.redis.hset(`session:${sessionId}`, { views, lastPath: path });
    this.stats.set(sessionId, { views, lastPath: path }); // expect: race-condition
    return views;
  }

  async flushAll(): Promise<void> {
    const ids = [...this.stats.keys()];
    await Promise.all(ids.map((id) => this.redis.expire(`session:${id}`, 3600))); // expect: unbounded-concurrency
  }
}
