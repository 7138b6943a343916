interface Account {
  id: string;
  active: boolean;
}

async function isDelinquent(account: Account): Promise<boolean> {
  const res = await fetch(`https://billing.internal/accounts/${account.id}/status`, {
    signal: AbortSignal.timeout(5_000),
  });
  const body = (await res.json()) as { delinquent: boolean };
  return body.delinquent;
}

async function suspend(account: Account): Promise<void> {
  console.log(`suspending ${account.id}`);
}

export async function suspendDelinquent(accounts: Account[]): Promise<Account[]> {
  // The predicate returns a Promise, which is always truthy: every account passes.
  const delinquent = accounts.filter(async (a) => await isDelinquent(a)); // expect: misused-promise
  delinquent.forEach(async (a) => { // expect: misused-promise
    await suspend(a);
  });
  return delinquent;
}

export async function anyDelinquent(accounts: Account[]): Promise<boolean> {
  return accounts.some(async (a) => isDelinquent(a)); // expect: misused-promise
}
