import express from 'express';

async function deleteDocument(id: string): Promise<void> {
  const res = await fetch(`https://docs.internal/documents/${encodeURIComponent(id)}`, {
    method: 'DELETE',
    signal: AbortSignal.timeout(5_000),
  });
  if (!res.ok && res.status !== 404) throw new Error(`delete ${id} answered ${res.status}`);
}

export const router = express.Router();

router.post('/documents/bulk-delete', (req, res, next) => {
  const ids: string[] = Array.isArray(req.body?.ids) ? req.body.ids.map(String) : [];
  if (ids.length === 0) {
    res.status(400).json({ error: 'ids must be a non-empty array of document ids' });
    return;
  }
  // The client decides how many ids it sends; all deletions start at once.
  Promise.all(ids.map((id) => deleteDocument(id))) // expect: unbounded-concurrency
    .then(() => res.status(204).end())
    .catch(next);
});
