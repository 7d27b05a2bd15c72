import { sql } from 'drizzle-orm';
import { birthDateFromIdNumber } from '../../../shared/member-age.js';
import { checkIdNumber } from '../../../shared/validators.js';
import { pinyinSortKey } from '../core/pinyin-key.js';
import { isSealed, unseal } from '../core/personal-data.js';
import { mutate, systemCtx } from '../core/write-unit.js';
import { rowsOf, type Db, type DbOrTx } from './client.js';

/**
 * Columns the app computes and the database cannot (migrations run SQL only):
 * - registry_organizations.name_sort, the pinyin key of the name (core/pinyin-key.ts), missing on
 *   rows from before migration 0018 and on rows a script inserted in SQL (the bench generator);
 * - registry_members.birth_date, read from the ID number, which is sealed at rest: missing on rows
 *   entered before 0018. Such a row's band, computed at entry, is dropped for the birth date.
 * Idempotent and cheap when there is nothing to do, like the sealing of personal data, so it runs
 * at every start-up after the migrations and before the app serves (server.ts), and after a restore.
 */
export async function fillDerivedColumns(db: Db): Promise<{ nameKeys: number; birthDates: number }> {
  const [{ pending }] = rowsOf<{ pending: boolean }>(
    await db.execute(sql`select exists (select 1 from registry_organizations where name_sort is null)
                             or exists (${MEMBERS_WITHOUT_BIRTH_DATE}) as pending`),
  );
  if (!pending) return { nameKeys: 0, birthDates: 0 };
  return mutate(systemCtx(db, 'derived-columns'), async (w) => ({
    nameKeys: await fillNameKeys(w.db),
    birthDates: await fillBirthDates(w.db),
  }));
}

const BATCH = 2000;

const MEMBERS_WITHOUT_BIRTH_DATE = sql`select 1 from registry_members where birth_date is null and id_number is not null`;

async function fillNameKeys(tx: DbOrTx): Promise<number> {
  let done = 0;
  for (;;) {
    const rows = rowsOf<{ id: string; name: string }>(
      await tx.execute(sql`select id::text as id, name from registry_organizations where name_sort is null limit ${BATCH}`),
    );
    if (!rows.length) return done;
    const values = sql.join(
      rows.map((r) => sql`(${r.id}::uuid, ${pinyinSortKey(r.name)})`),
      sql`, `,
    );
    await tx.execute(sql`update registry_organizations o set name_sort = v.key from (values ${values}) as v(id, key) where o.id = v.id`);
    done += rows.length;
  }
}

async function fillBirthDates(tx: DbOrTx): Promise<number> {
  // An ID number that is not valid (entered before the checks) gives no date: its row keeps its band.
  const rows = rowsOf<{ id: string; id_number: string }>(
    await tx.execute(sql`select id::text as id, id_number from registry_members where birth_date is null and id_number is not null`),
  );
  const dated = rows.flatMap((r) => {
    const id = (isSealed(r.id_number) ? unseal(r.id_number) : r.id_number).toUpperCase();
    return checkIdNumber(id) ? [] : [sql`(${r.id}::uuid, ${birthDateFromIdNumber(id)}::date)`];
  });
  for (let i = 0; i < dated.length; i += BATCH) {
    await tx.execute(
      sql`update registry_members m set birth_date = v.born, age_band = null, age_band_entered_on = null
          from (values ${sql.join(dated.slice(i, i + BATCH), sql`, `)}) as v(id, born) where m.id = v.id`,
    );
  }
  return dated.length;
}
