// Email verification flow written against the mail and users services.
async function findUser(token) {
  const res = await fetch(`https://users.internal/verify/${token}`, { signal: AbortSignal.timeout(3_000) });
  if (!res.ok) throw new Error(`verification lookup answered ${res.status}`);
  return res.json();
}

async function markVerified(userId) {
  await fetch(`https://users.internal/users/${userId}/verified`, { method: 'PUT', signal: AbortSignal.timeout(3_000) });
}

async function sendThanks(email) {
  await fetch('https://mail.internal/thanks', { method: 'POST', body: email, signal: AbortSignal.timeout(3_000) });
}

export function verify(token) {
  return findUser(token)
    .then((user) => {
      markVerified(user.id); // expect: broken-promise-chain
      return user;
    })
    .then((user) => sendThanks(user.email));
}
