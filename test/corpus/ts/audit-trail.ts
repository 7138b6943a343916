import { appendFile } from 'node:fs/promises';

interface AuditEvent {
  actor: string;
  action: string;
  target: string;
}

async function writeAudit(evt: AuditEvent): Promise<void> {
  await appendFile('/var/log/app/audit.jsonl', `${JSON.stringify({ ...evt, at: new Date().toISOString() })}\n`);
}

export async function deleteProject(actor: string, projectId: string, remove: (id: string) => Promise<void>): Promise<void> {
  await remove(projectId);
  writeAudit({ actor, action: 'project.delete', target: projectId }); // expect: floating-promise
}

export async function renameProject(
  actor: string,
  projectId: string,
  rename: (id: string) => Promise<void>,
): Promise<void> {
  await rename(projectId);
  // The audit write must finish before we report success.
  await writeAudit({ actor, action: 'project.rename', target: projectId });
}

export function auditLater(evt: AuditEvent): void {
  setImmediate(() => {
    writeAudit(evt).catch((err: unknown) => console.error('audit write failed', err));
  });
}
