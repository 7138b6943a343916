import express from 'express';

interface User {
  id: string;
  email: string;
  name: string;
}

const users = new Map<string, User>();

async function sendWelcomeEmail(to: string): Promise<void> {
  const res = await fetch('https://mail.internal/send', {
    method: 'POST',
    body: JSON.stringify({ to, template: 'welcome' }),
    signal: AbortSignal.timeout(5_000),
  });
  if (!res.ok) throw new Error(`mail service answered ${res.status}`);
}

async function recordAudit(event: string, userId: string): Promise<void> {
  await fetch('https://audit.internal/events', {
    method: 'POST',
    body: JSON.stringify({ event, userId, at: Date.now() }),
    signal: AbortSignal.timeout(2_000),
  });
}

async function createUser(email: string, name: string): Promise<User> {
  const user = { id: crypto.randomUUID(), email, name };
  users.set(user.id, user);
  return user;
}

export const router = express.Router();

router.post('/signup', (req, res, next) => {
  createUser(String(req.body.email), String(req.body.name))
    .then((user) => {
      sendWelcomeEmail(user.email); // expect: broken-promise-chain
      // Audit is best-effort; its own failure is logged by the audit service.
      void recordAudit('signup', user.id).catch((err) => console.warn('audit failed', err));
      res.status(201).json(user);
    })
    .catch(next);
});
