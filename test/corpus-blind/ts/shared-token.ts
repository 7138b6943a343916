import { request } from 'undici';

interface Token {
  value: string;
  expiresAt: number;
}

export class ServiceToken {
  private current: Token | null = null;
  private inflight: Promise<Token> | null = null;

  constructor(private readonly issuer: string, private readonly audience: string) {}

  async get(): Promise<string> {
    if (this.current && this.current.expiresAt - 60_000 > Date.now()) return this.current.value;
    // One refresh at a time: concurrent callers share the same in-flight request.
    this.inflight ??= this.refresh().finally(() => {
      this.inflight = null;
    });
    const token = await this.inflight;
    return token.value;
  }

  private async refresh(): Promise<Token> {
    const { statusCode, body } = await request(`${this.issuer}/token`, {
      method: 'POST',
      body: JSON.stringify({ audience: this.audience }),
      headers: { 'content-type': 'application/json' },
      headersTimeout: 5_000,
      bodyTimeout: 5_000,
    });
    if (statusCode !== 200) throw new Error(`token issuer answered ${statusCode}`);
    const json = (await body.json()) as { token: string; ttl: number };
    const token = { value: json.token, expiresAt: Date.now() + json.ttl * 1000 };
    this.current = token;
    return token;
  }
}
