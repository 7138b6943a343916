// A typical generated service module: it compiles, it passes a quick manual test, and it has async bugs.
// Run `npx async-expert-mcp review examples/` to see them.
import { readFileSync } from 'node:fs';

interface User {
  id: string;
  email: string;
  plan: 'free' | 'pro';
}

interface Token {
  value: string;
  expiresAt: number;
}

const API = 'https://api.example.com';

export class UserService {
  private token?: Token;

  private async getToken(): Promise<string> {
    if (!this.token || this.token.expiresAt < Date.now()) {
      const res = await fetch(`${API}/oauth/token`, { method: 'POST' });
      this.token = (await res.json()) as Token;
    }
    return this.token.value;
  }

  async getUser(id: string): Promise<User> {
    const token = await this.getToken();
    const res = await fetch(`${API}/users/${id}`, {
      headers: { authorization: `Bearer ${token}` },
      signal: AbortSignal.timeout(5000),
    });
    if (!res.ok) throw new Error(`GET /users/${id} failed with ${res.status}`);
    return (await res.json()) as User;
  }

  async isPro(id: string): Promise<boolean> {
    return (await this.getUser(id)).plan === 'pro';
  }

  async getUsers(ids: string[]): Promise<User[]> {
    const users: User[] = [];
    for (const id of ids) {
      users.push(await this.getUser(id));
    }
    return users;
  }

  async sendWelcome(id: string): Promise<void> {
    const user = await this.getUser(id);
    const template = readFileSync('templates/welcome.html', 'utf8');
    await fetch(`${API}/mail`, {
      method: 'POST',
      body: JSON.stringify({ to: user.email, html: template }),
      signal: AbortSignal.timeout(5000),
    });
  }

  async upgrade(id: string): Promise<void> {
    if (this.isPro(id)) return;
    await fetch(`${API}/users/${id}/upgrade`, { method: 'POST', signal: AbortSignal.timeout(5000) });
    this.sendWelcome(id);
  }
}
