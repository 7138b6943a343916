import { writeFile } from 'node:fs/promises';

interface Issue {
  number: number;
  title: string;
  state: 'open' | 'closed';
  labels: { name: string }[];
}

const API = 'https://api.github.com';

function nextLink(header: string | null): string | null {
  if (!header) return null;
  for (const part of header.split(',')) {
    const match = /<([^>]+)>;\s*rel="next"/.exec(part);
    if (match) return match[1];
  }
  return null;
}

export async function exportIssues(repo: string, token: string, outFile: string): Promise<number> {
  const issues: Issue[] = [];
  let url: string | null = `${API}/repos/${repo}/issues?state=all&per_page=100`;
  // Each page's URL comes from the previous response's Link header, so pages are fetched one after another.
  while (url) {
    const res: Response = await fetch(url, {
      headers: { authorization: `Bearer ${token}`, accept: 'application/vnd.github+json' },
      signal: AbortSignal.timeout(15_000),
    });
    if (!res.ok) throw new Error(`GitHub answered ${res.status} for ${url}`);
    issues.push(...((await res.json()) as Issue[]));
    url = nextLink(res.headers.get('link'));
  }
  const rows = issues.map((i) => ({
    number: i.number,
    title: i.title,
    state: i.state,
    labels: i.labels.map((l) => l.name).join(';'),
  }));
  await writeFile(outFile, JSON.stringify(rows, null, 2));
  return rows.length;
}
