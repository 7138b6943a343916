// target: node 18
import { readFileSync } from "node:fs";
import nodemailer from "nodemailer";

interface Invoice {
  id: string;
  email: string;
  pdfPath: string;
}

const transport = nodemailer.createTransport({ host: "smtp.internal", port: 587 });

export async function sendInvoice(inv: Invoice): Promise<void> {
  const pdf = readFileSync(inv.pdfPath); // expect: blocking-call-in-async
  await transport.sendMail({
    to: inv.email,
    subject: `Invoice ${inv.id}`,
    attachments: [{ filename: `${inv.id}.pdf`, content: pdf }],
  });
}

export async function sendMonthly(invoices: Invoice[]): Promise<number> {
  let sent = 0;
  for (const inv of invoices) {
    await sendInvoice(inv); // expect: await-in-loop
    sent++;
  }
  markRunComplete(sent); // expect: floating-promise
  return sent;
}

async function markRunComplete(count: number): Promise<void> {
  await fetch("https://billing.internal/runs", {
    method: "POST",
    body: JSON.stringify({ count }),
    signal: AbortSignal.timeout(5000),
  });
}
