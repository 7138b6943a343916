import https from 'node:https';

function getJson(url, timeoutMs = 5000) {
  return new Promise((resolve, reject) => {
    const req = https.get(url, { timeout: timeoutMs, headers: { accept: 'application/json' } }, (res) => {
      if (res.statusCode !== 200) {
        res.resume();
        reject(new Error(`${url}: HTTP ${res.statusCode}`));
        return;
      }
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => {
        try {
          resolve(JSON.parse(body));
        } catch (err) {
          reject(err);
        }
      });
    });
    req.on('timeout', () => req.destroy(new Error(`${url}: timed out after ${timeoutMs} ms`)));
    req.on('error', reject);
  });
}

const ALLOWED = new Set(['MIT', 'ISC', 'Apache-2.0', 'BSD-2-Clause', 'BSD-3-Clause']);

export async function checkLicense(name, version) {
  const meta = await getJson(`https://registry.npmjs.org/${encodeURIComponent(name)}/${version}`);
  return { name, version, license: meta.license, allowed: ALLOWED.has(meta.license) };
}
