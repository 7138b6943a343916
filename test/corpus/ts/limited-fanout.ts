import pLimit from 'p-limit';

interface Repo {
  owner: string;
  name: string;
}

interface RepoStats {
  repo: string;
  stars: number;
}

async function getStats(repo: Repo): Promise<RepoStats> {
  const res = await fetch(`https://api.github.com/repos/${repo.owner}/${repo.name}`, {
    headers: { accept: 'application/vnd.github+json' },
    signal: AbortSignal.timeout(10_000),
  });
  if (!res.ok) throw new Error(`${repo.owner}/${repo.name}: ${res.status}`);
  const body = (await res.json()) as { stargazers_count: number };
  return { repo: `${repo.owner}/${repo.name}`, stars: body.stargazers_count };
}

const limit = pLimit(8);

/** At most 8 requests in flight, however many repositories the caller passes. */
export async function statsFor(repos: Repo[]): Promise<RepoStats[]> {
  return Promise.all(repos.map((repo) => limit(() => getStats(repo))));
}
