interface AccessToken {
  value: string;
  expiresAt: number;
}

async function requestNewToken(): Promise<AccessToken> {
  const res = await fetch('https://auth.example.com/oauth/token', {
    method: 'POST',
    body: new URLSearchParams({ grant_type: 'client_credentials' }),
    signal: AbortSignal.timeout(5_000),
  });
  if (!res.ok) throw new Error(`token endpoint answered ${res.status}`);
  const body = (await res.json()) as { access_token: string; expires_in: number };
  return { value: body.access_token, expiresAt: Date.now() + body.expires_in * 1000 };
}

export class TokenProvider {
  private token: AccessToken | undefined;

  /** Two concurrent callers both see an expired token and both refresh; the second overwrites the first. */
  async get(): Promise<string> {
    if (!this.token || this.token.expiresAt - 30_000 < Date.now()) {
      this.token = await requestNewToken(); // expect: race-condition
    }
    return this.token.value;
  }
}

export class SingleFlightTokenProvider {
  private token: AccessToken | undefined;
  private pending: Promise<AccessToken> | undefined;

  async get(): Promise<string> {
    if (this.token && this.token.expiresAt - 30_000 > Date.now()) return this.token.value;
    // Every caller shares one refresh in flight; the promise is stored before the first await.
    this.pending ??= requestNewToken().finally(() => {
      this.pending = undefined;
    });
    this.token = await this.pending;
    return this.token.value;
  }
}
