// Lists every release of a repository by following the Link header, page after page.
const token = process.env.GITHUB_TOKEN;

function nextLink(header) {
  if (!header) return null;
  const match = /<([^>]+)>;\s*rel="next"/.exec(header);
  return match ? match[1] : null;
}

export async function allReleases(repo) {
  const releases = [];
  let url = `https://api.github.com/repos/${repo}/releases?per_page=100`;
  while (url) {
    // The next URL only exists once this page has answered.
    const res = await fetch(url, {
      headers: { authorization: `Bearer ${token}`, accept: 'application/vnd.github+json' },
      signal: AbortSignal.timeout(10_000),
    });
    if (!res.ok) throw new Error(`GitHub answered ${res.status} for ${url}`);
    releases.push(...(await res.json()));
    url = nextLink(res.headers.get('link'));
  }
  return releases;
}
