// Purges CDN paths after a deploy.
async function purgePath(path) {
  const res = await fetch('https://cdn.example.com/purge', {
    method: 'POST',
    body: JSON.stringify({ path }),
    signal: AbortSignal.timeout(5_000),
  });
  if (!res.ok) throw new Error(`purge of ${path} answered ${res.status}`);
}

export async function afterDeploy(changedPaths) {
  console.log(`purging ${changedPaths.length} paths`);
  for (const p of changedPaths.slice(0, 3)) {
    purgePath(p); // expect: floating-promise
  }
  return changedPaths.length;
}

export async function afterDeployFixed(changedPaths) {
  // Purge everything under one wildcard instead of one request per path.
  await purgePath('/*');
  return changedPaths.length;
}
