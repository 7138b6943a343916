interface Article {
  slug: string;
  html: string;
}

const cache = new Map<string, Article>();

async function fetchArticle(slug: string): Promise<Article> {
  const res = await fetch(`https://cms.internal/articles/${slug}`, { signal: AbortSignal.timeout(5_000) });
  if (!res.ok) throw new Error(`article ${slug} answered ${res.status}`);
  return (await res.json()) as Article;
}

export function prefetch(slug: string): void {
  if (cache.has(slug)) return;
  fetchArticle(slug).then((a) => cache.set(slug, a)); // expect: then-without-catch
}

export function prefetchLogged(slug: string): void {
  if (cache.has(slug)) return;
  fetchArticle(slug)
    .then((a) => cache.set(slug, a))
    .catch((err: unknown) => console.warn(`prefetch of ${slug} failed`, err));
}
