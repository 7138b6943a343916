interface Issue {
  number: number;
  title: string;
  state: 'open' | 'closed';
}

const token = process.env.GITHUB_TOKEN;

export async function openIssues(repo: string): Promise<Issue[]> {
  const controller = new AbortController();
  // The controller is never aborted: this signal can never fire, so the request has no deadline.
  const res = await fetch(`https://api.github.com/repos/${repo}/issues?state=open`, { // expect: missing-timeout
    headers: { authorization: `Bearer ${token}`, accept: 'application/vnd.github+json' },
    signal: controller.signal,
  });
  if (!res.ok) throw new Error(`GitHub answered ${res.status}`);
  return (await res.json()) as Issue[];
}

export async function closeIssue(repo: string, num: number): Promise<void> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new Error('GitHub request timed out')), 10_000);
  try {
    const res = await fetch(`https://api.github.com/repos/${repo}/issues/${num}`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${token}` },
      body: JSON.stringify({ state: 'closed' }),
      signal: controller.signal,
    });
    if (!res.ok) throw new Error(`GitHub answered ${res.status}`);
  } finally {
    clearTimeout(timer);
  }
}
