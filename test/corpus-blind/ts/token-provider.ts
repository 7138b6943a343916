import axios from 'axios';

interface TokenResponse {
  access_token: string;
  expires_in: number;
}

export class OAuthTokenProvider {
  private accessToken: string | null = null;
  private expiresAt = 0;
  private refreshCount = 0;

  constructor(
    private readonly tokenUrl: string,
    private readonly clientId: string,
    private readonly clientSecret: string,
  ) {}

  private isValid(): boolean {
    return this.accessToken !== null && Date.now() < this.expiresAt - 30_000;
  }

  async getToken(): Promise<string> {
    if (this.isValid()) return this.accessToken as string;

    const count = this.refreshCount;
    const { data } = await axios.post<TokenResponse>(
      this.tokenUrl,
      new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: this.clientId,
        client_secret: this.clientSecret,
      }),
      { timeout: 10_000 },
    );
    this.refreshCount = count + 1; // expect: race-condition
    this.accessToken = data.access_token;
    this.expiresAt = Date.now() + data.expires_in * 1000;
    return data.access_token;
  }

  get refreshes(): number {
    return this.refreshCount;
  }
}

export async function authorizedGet<T>(provider: OAuthTokenProvider, url: string): Promise<T> {
  const token = await provider.getToken();
  const { data } = await axios.get<T>(url, {
    headers: { authorization: `Bearer ${token}` },
    timeout: 10_000,
  });
  return data;
}
