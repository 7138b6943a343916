import { ruleTable } from '../helpers.js';

const decls = `
declare function getUser(): Promise<{ id: string }>;
declare function saveUser(u: { id: string }): Promise<void>;
declare function audit(id: string): Promise<void>;
`;

ruleTable('broken-promise-chain', {
  valid: [
    { name: 'a started function that handles its own failure', code: `declare function next(): Promise<number>;\ndeclare function ready(): Promise<void>;\nasync function onMessage(n: number) {\n  try {\n    await next();\n  } catch (e) {\n    console.error(e, n);\n  }\n}\nexport function drain() {\n  return ready().then(() => {\n    onMessage(1);\n  });\n}` },
    {
      name: 'returned work',
      code: `${decls}
export function run() {
  return getUser()
    .then((u) => {
      return saveUser(u);
    })
    .then(() => console.log('saved'));
}`,
    },
    {
      name: 'expression body returns implicitly',
      code: `${decls}
export function run() {
  return getUser().then((u) => saveUser(u));
}`,
    },
    {
      name: 'a handled fire-and-forget inside',
      code: `${decls}
export function run() {
  return getUser().then((u) => {
    audit(u.id).catch(() => undefined);
    return saveUser(u);
  });
}`,
    },
  ],
  invalid: [
    { name: 'an unreturned call behind &&, a conditional or a comma inside a .then callback', code: `declare function load(): Promise<{ id: string } | undefined>;\ndeclare function save(u: { id: string }): Promise<void>;\ndeclare function clear(): Promise<void>;\ndeclare function log(m: string): void;\nexport function go() {\n  return load().then((u) => {\n    u && save(u);\n    u ? save(u) : clear();\n    log('loaded'), clear();\n  });\n}`, lines: [7, 8, 9] },
    {
      name: 'save started, not returned',
      code: `${decls}
export function run() {
  return getUser()
    .then((u) => {
      saveUser(u);
    })
    .then(() => console.log('saved'));
}`,
      lines: [9],
    },
    {
      name: 'nested chain not returned (JavaScript)',
      language: 'javascript',
      code: `
function refresh(api) {
  return fetch('/token', { signal: AbortSignal.timeout(2000) }).then(function (res) {
    res.json().then((t) => api.setToken(t));
  });
}`,
      lines: [4],
    },
  ],
});
