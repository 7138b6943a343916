import nodemailer from 'nodemailer';

interface Email {
  to: string;
  subject: string;
  html: string;
}

const transport = nodemailer.createTransport({
  host: process.env.SMTP_HOST,
  port: 587,
  connectionTimeout: 10_000,
  socketTimeout: 20_000,
});

export interface SendReport {
  sent: number;
  failed: { to: string; reason: string }[];
}

export async function sendAll(emails: Email[], concurrency = 3): Promise<SendReport> {
  const queue = [...emails];
  const report: SendReport = { sent: 0, failed: [] };

  // A fixed number of workers drain one shared queue: at most `concurrency` SMTP sends at once.
  async function worker(): Promise<void> {
    for (let email = queue.shift(); email; email = queue.shift()) {
      try {
        await transport.sendMail({ from: 'noreply@example.com', ...email });
        report.sent++;
      } catch (err) {
        report.failed.push({ to: email.to, reason: err instanceof Error ? err.message : String(err) });
      }
    }
  }

  const workers = Array.from({ length: Math.min(concurrency, emails.length) }, () => worker());
  await Promise.all(workers);
  return report;
}
