import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../../../db/client.js';
import { volunteers } from '../volunteers.tables.js';

/** The volunteer record an account owns (a volunteer's grant reaches its own records), or null. */
export async function volunteerOfUser(db: DbOrTx, userId: string) {
  const [row] = await db.select().from(volunteers).where(eq(volunteers.userId, userId));
  return row ?? null;
}
