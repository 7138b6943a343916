import express, { type NextFunction, type Request, type Response } from 'express';

type AsyncRoute = (req: Request, res: Response) => Promise<void>;

/** Turns an async route into a plain one whose rejections reach Express's error middleware. */
export function route(fn: AsyncRoute) {
  return (req: Request, res: Response, next: NextFunction): void => {
    fn(req, res).catch(next);
  };
}

interface Book {
  isbn: string;
  title: string;
}

async function findBook(isbn: string): Promise<Book | undefined> {
  const res = await fetch(`https://books.internal/isbn/${encodeURIComponent(isbn)}`, {
    signal: AbortSignal.timeout(3_000),
  });
  if (res.status === 404) return undefined;
  if (!res.ok) throw new Error(`books service answered ${res.status}`);
  return (await res.json()) as Book;
}

export const app = express();

app.get(
  '/books/:isbn',
  route(async (req, res) => {
    const book = await findBook(String(req.params.isbn));
    if (!book) {
      res.status(404).json({ error: 'not found' });
      return;
    }
    res.json(book);
  }),
);

app.use((err: Error, _req: Request, res: Response, _next: NextFunction) => {
  console.error('request failed', err);
  res.status(500).json({ error: 'internal error' });
});
