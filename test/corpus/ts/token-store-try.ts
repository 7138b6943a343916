interface Token {
  access: string;
  expiresAt: number;
}

async function requestToken(clientId: string, secret: string): Promise<Token> {
  const res = await fetch('https://auth.example.com/oauth/token', {
    method: 'POST',
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: secret }),
    signal: AbortSignal.timeout(5_000),
  });
  if (!res.ok) throw new Error(`token endpoint answered ${res.status}`);
  return (await res.json()) as Token;
}

export async function getTokenOrExplain(clientId: string, secret: string): Promise<Token> {
  try {
    // Without await, a rejection skips this catch: the caller gets the raw error.
    return requestToken(clientId, secret); // expect: missing-await
  } catch (err) {
    throw new Error(`could not obtain a token for ${clientId}`, { cause: err });
  }
}

export async function getTokenFixed(clientId: string, secret: string): Promise<Token> {
  try {
    return await requestToken(clientId, secret);
  } catch (err) {
    throw new Error(`could not obtain a token for ${clientId}`, { cause: err });
  }
}

export function getTokenPlain(clientId: string, secret: string): Promise<Token> {
  // No try here: returning the promise as is is correct.
  return requestToken(clientId, secret);
}
