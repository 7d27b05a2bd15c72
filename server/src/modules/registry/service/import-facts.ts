import { inArray } from 'drizzle-orm';
import { regions } from '../../../core/core.tables.js';
import type { DbOrTx } from '../../../db/client.js';
import { registryOrganizations } from '../registry.tables.js';
import { databaseFacts, type OrganizationFacts } from './validate-organization.js';

const CHUNK = 1000;

async function inChunks<T>(values: string[], read: (chunk: string[]) => Promise<T[]>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < values.length; i += CHUNK) out.push(...(await read(values.slice(i, i + CHUNK))));
  return out;
}

/**
 * The facts validateOrganization reads, for the new records of one import: read in a few bulk
 * queries up front instead of three queries per row, which held the database for seconds.
 */
export async function importFacts(
  db: DbOrTx,
  wanted: { regionCodes: Iterable<string>; usccs: Iterable<string> },
  categories: { id: string; active: boolean }[],
): Promise<OrganizationFacts> {
  const askedRegions = [...new Set(wanted.regionCodes)];
  const askedUscc = [...new Set(wanted.usccs)];
  const known = await inChunks(askedRegions, (chunk) => db.select({ code: regions.code }).from(regions).where(inArray(regions.code, chunk)));
  const holders = await inChunks(askedUscc, (chunk) =>
    db.select({ uscc: registryOrganizations.uscc }).from(registryOrganizations).where(inArray(registryOrganizations.uscc, chunk)),
  );
  const regionCodes = new Set(known.map((r) => r.code));
  const takenUscc = new Set(holders.map((h) => h.uscc));
  const categoryById = new Map(categories.map((c) => [c.id, { active: c.active }]));
  // Anything not read up front (not expected) is asked of the database as usual.
  const fallback = databaseFacts(db);
  const askedRegion = new Set(askedRegions);
  const askedCode = new Set(askedUscc);
  return {
    regionExists: async (code) => (askedRegion.has(code) ? regionCodes.has(code) : fallback.regionExists(code)),
    // An imported record is new (no selfId): any holder of the code is another organisation.
    usccTaken: async (uscc, selfId) => (!selfId && askedCode.has(uscc) ? takenUscc.has(uscc) : fallback.usccTaken(uscc, selfId)),
    category: async (id) => (categoryById.has(id) ? categoryById.get(id) : fallback.category(id)),
  };
}
