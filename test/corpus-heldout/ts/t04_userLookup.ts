import { Pool } from "pg";

const pool = new Pool({ connectionString: process.env.DATABASE_URL, statement_timeout: 5000 });

export interface User {
  id: number;
  email: string;
  disabled: boolean;
}

async function findUser(id: number): Promise<User | undefined> {
  const { rows } = await pool.query<User>("SELECT id, email, disabled FROM users WHERE id = $1", [id]);
  return rows[0];
}

export async function canLogin(id: number): Promise<boolean> {
  const user = findUser(id); // expect: missing-await
  if (!user) return false;
  return true;
}

export async function loadUserOrNull(id: number): Promise<User | null> {
  try {
    return (await findUser(id)) ?? null;
  } catch {
    return null; // expect: swallowed-error
  }
}

export function pingDb(): Promise<boolean> {
  return new Promise((resolve) => {
    if (pool.totalCount > 0) {
      return true; // expect: promise-executor-return
    }
    pool.query("SELECT 1").then(
      () => resolve(true),
      () => resolve(false),
    );
  });
}
