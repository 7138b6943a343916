// An Express 4 app as an assistant might write it. Each handler works on the happy path.
const express = require('express');
const fs = require('fs');
const { exec } = require('child_process');

const app = express();
app.use(express.json());

app.get('/reports/:id', async (req, res) => {
  const raw = fs.readFileSync(`reports/${req.params.id}.json`, 'utf8');
  res.json(JSON.parse(raw));
});

app.post('/thumbnails', async (req, res) => {
  const results = await Promise.all(
    req.body.images.map((url) => fetch(url, { signal: AbortSignal.timeout(10000) }).then((r) => r.arrayBuffer())),
  );
  res.json({ count: results.length });
});

app.post('/deploy', (req, res) => {
  exec('git pull && npm run build', (err, stdout) => {
    res.send(err ? 'failed' : stdout);
  });
});

async function loadFlags() {
  try {
    const res = await fetch('https://flags.example.com/all', { signal: AbortSignal.timeout(2000) });
    return await res.json();
  } catch {
    return {};
  }
}

setInterval(async () => {
  app.locals.flags = await loadFlags();
}, 60000);

process.on('unhandledRejection', () => {});

app.listen(3000);
