interface Notification {
  userId: string;
  channel: 'email' | 'sms' | 'push';
  text: string;
}

async function deliver(n: Notification): Promise<void> {
  const res = await fetch(`https://notify.internal/${n.channel}`, {
    method: 'POST',
    body: JSON.stringify(n),
    signal: AbortSignal.timeout(5_000),
  });
  if (!res.ok) throw new Error(`${n.channel} delivery answered ${res.status}`);
}

export function notify(n: Notification): void {
  deliver(n).catch(() => {}); // expect: swallowed-error
}

export function notifyQuietly(n: Notification): void {
  deliver(n).catch(() => undefined); // expect: swallowed-error
}

export function notifyLogged(n: Notification): void {
  deliver(n).catch((err: unknown) => {
    console.warn(`notification to ${n.userId} over ${n.channel} failed`, err);
  });
}
