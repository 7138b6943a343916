// Warms the asset cache when the render worker starts.
const manifestUrl = 'https://assets.example.com/manifest.json';

function loadManifest() {
  return fetch(manifestUrl, { signal: AbortSignal.timeout(5_000) }).then((res) => {
    if (!res.ok) throw new Error(`manifest answered ${res.status}`);
    return res.json();
  });
}

export function preload(cache) {
  loadManifest() // expect: then-without-catch
    .then((manifest) => {
      for (const [name, url] of Object.entries(manifest)) cache.set(name, url);
    });
}

export function preloadSafely(cache, log) {
  return loadManifest()
    .then((manifest) => {
      for (const [name, url] of Object.entries(manifest)) cache.set(name, url);
      return cache.size;
    })
    .catch((err) => {
      log.error({ err }, 'asset manifest preload failed');
      return 0;
    });
}
