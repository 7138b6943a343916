interface Profile {
  id: string;
  displayName: string;
  avatarUrl?: string;
}

interface Preferences {
  theme: string;
  language: string;
}

async function loadProfile(id: string): Promise<Profile> {
  const res = await fetch(`https://users.internal/profiles/${id}`, { signal: AbortSignal.timeout(3_000) });
  return (await res.json()) as Profile;
}

async function loadPreferences(id: string): Promise<Preferences> {
  const res = await fetch(`https://users.internal/preferences/${id}`, { signal: AbortSignal.timeout(3_000) });
  return (await res.json()) as Preferences;
}

export async function viewModel(id: string) {
  const profile = await loadProfile(id);
  const prefs = loadPreferences(id);
  return {
    ...profile,
    ...prefs, // expect: missing-await
    greeting: `Hello, ${profile.displayName}`,
  };
}

export async function viewModelFixed(id: string) {
  const [profile, prefs] = await Promise.all([loadProfile(id), loadPreferences(id)]);
  return { ...profile, ...prefs, greeting: `Hello, ${profile.displayName}` };
}
