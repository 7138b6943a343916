import * as cheerio from 'cheerio';
import { writeFile } from 'node:fs/promises';

interface Product {
  url: string;
  title: string;
  price: number | null;
}

const CATEGORY_PAGES = [
  'https://shop.example.com/c/keyboards',
  'https://shop.example.com/c/mice',
];

function parseProduct(url: string, html: string): Product {
  const $ = cheerio.load(html);
  const title = $('h1.product-title').text().trim();
  const raw = $('[data-price]').attr('data-price');
  return { url, title, price: raw ? Number(raw) : null };
}

async function getHtml(url: string): Promise<string> {
  const res = await fetch(url, { headers: { 'user-agent': 'price-bot/1.0' } }); // expect: missing-timeout
  if (!res.ok) throw new Error(`GET ${url} -> ${res.status}`);
  return res.text();
}

async function productLinks(categoryUrl: string): Promise<string[]> {
  const html = await getHtml(categoryUrl);
  const $ = cheerio.load(html);
  return $('a.product-card')
    .map((_, el) => new URL($(el).attr('href') ?? '', categoryUrl).toString())
    .get();
}

export async function scrapeAll(outFile: string): Promise<number> {
  const links: string[] = [];
  const [keyboards, mice] = await Promise.all(CATEGORY_PAGES.map((c) => productLinks(c)));
  links.push(...keyboards, ...mice);

  const products: Product[] = [];
  for (const link of links) {
    const html = await getHtml(link); // expect: await-in-loop
    products.push(parseProduct(link, html));
  }

  await writeFile(outFile, JSON.stringify(products, null, 2));
  return products.length;
}
