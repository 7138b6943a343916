// target: node 18
const { createClient } = require("redis");

const client = createClient({ url: process.env.REDIS_URL });
client.connect(); // expect: floating-promise

function getProfile(id) {
  return client
    .get(`profile:${id}`)
    .then((raw) => {
      if (raw) return JSON.parse(raw);
      return loadProfileFromApi(id).then((p) => {
        client.set(`profile:${id}`, JSON.stringify(p), { EX: 300 }); // expect: floating-promise
        return p;
      });
    });
}

function loadProfileFromApi(id) {
  return fetch(`https://profiles.internal/${id}`, { signal: AbortSignal.timeout(3000) }).then((r) => r.json());
}

function invalidate(ids) {
  return Promise.all(ids.map((id) => client.del(`profile:${id}`))) // expect: unbounded-concurrency
    .then(() => ids.length)
    .catch(() => 0); // expect: swallowed-error
}

module.exports = { getProfile, invalidate };
