// target: node 18
const { setTimeout: sleep } = require("node:timers/promises");

function fetchReport(id) {
  return fetch(`https://reports.internal/api/${id}`, { signal: AbortSignal.timeout(15000) }).then((r) => r.json());
}

function saveReport(report) {
  return fetch("https://archive.internal/reports", {
    method: "POST",
    body: JSON.stringify(report),
    signal: AbortSignal.timeout(15000),
  });
}

function archive(id) {
  return fetchReport(id)
    .then((report) => {
      saveReport(report); // expect: broken-promise-chain
    })
    .then(() => console.log(`archived ${id}`));
}

function nightly(ids) {
  fetchReport("summary").then((s) => console.log("summary rows", s.rows.length)); // expect: then-without-catch
  return Promise.all(ids.map(archive)); // expect: unbounded-concurrency
}

async function retry(fn, attempts = 3) {
  for (let i = 0; i < attempts; i++) {
    try {
      return await fn();
    } catch (err) {
      if (i === attempts - 1) throw err;
      await sleep(2 ** i * 500);
    }
  }
}

module.exports = { archive, nightly, retry };
