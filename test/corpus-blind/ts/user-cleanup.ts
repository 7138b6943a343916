import { PrismaClient } from '@prisma/client';

const prisma = new PrismaClient();

interface StaleUser {
  id: string;
  email: string;
  lastLoginAt: Date | null;
}

async function hasOpenInvoices(userId: string): Promise<boolean> {
  const count = await prisma.invoice.count({ where: { userId, status: 'open' } });
  return count > 0;
}

async function archiveUser(user: StaleUser): Promise<void> {
  await prisma.user.update({ where: { id: user.id }, data: { archivedAt: new Date() } });
}

export async function findStaleUsers(days: number): Promise<StaleUser[]> {
  const cutoff = new Date(Date.now() - days * 86_400_000);
  return prisma.user.findMany({
    where: { lastLoginAt: { lt: cutoff }, archivedAt: null },
    select: { id: true, email: true, lastLoginAt: true },
    take: 500,
  });
}

export async function archiveStaleUsers(days = 365): Promise<number> {
  const stale = await findStaleUsers(days);
  const archivable = stale.filter(async (user) => !(await hasOpenInvoices(user.id))); // expect: misused-promise
  archivable.forEach(async (user) => { // expect: misused-promise
    await archiveUser(user);
  });
  return archivable.length;
}
