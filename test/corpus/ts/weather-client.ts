export interface Forecast {
  city: string;
  tempC: number;
  summary: string;
}

const API_KEY = process.env.WEATHER_API_KEY ?? '';

export async function forecast(city: string): Promise<Forecast> {
  const url = `https://api.weather.example.com/v1/forecast?q=${encodeURIComponent(city)}&key=${API_KEY}`;
  const res = await fetch(url); // expect: missing-timeout
  if (!res.ok) throw new Error(`weather API answered ${res.status} for ${city}`);
  return (await res.json()) as Forecast;
}

export async function forecastWithDeadline(city: string, ms = 3_000): Promise<Forecast> {
  const url = `https://api.weather.example.com/v1/forecast?q=${encodeURIComponent(city)}&key=${API_KEY}`;
  const res = await fetch(url, { signal: AbortSignal.timeout(ms) });
  if (!res.ok) throw new Error(`weather API answered ${res.status} for ${city}`);
  return (await res.json()) as Forecast;
}
