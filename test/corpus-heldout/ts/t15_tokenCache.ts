interface Token {
  value: string;
  expiresAt: number;
}

let cached: Token | undefined;

async function requestToken(): Promise<Token> {
  const res = await fetch("https://auth.example.com/oauth/token", { // expect: missing-timeout
    method: "POST",
    body: new URLSearchParams({ grant_type: "client_credentials" }),
  });
  const body = (await res.json()) as { access_token: string; expires_in: number };
  return { value: body.access_token, expiresAt: Date.now() + body.expires_in * 1000 };
}

/** Used by every outgoing API call. */
export async function getToken(): Promise<string> {
  if (!cached || cached.expiresAt < Date.now() + 30_000) {
    const fresh = await requestToken();
    cached = fresh; // expect: race-condition
  }
  return cached.value;
}

export function getTokenLegacy(cb: (err: Error | null, token?: string) => void): void {
  getToken()
    .then((t) => cb(null, t))
    .catch(() => cb(null, "")); // expect: swallowed-error
}
