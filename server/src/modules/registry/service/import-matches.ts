import { and, inArray, type SQL } from 'drizzle-orm';
import type { TImportMatch } from '../../../../../shared/registry/imports.js';
import type { Actor } from '../../../core/actor.js';
import { scopeCovers, scopeFor } from '../../../core/scope.js';
import type { DbOrTx } from '../../../db/client.js';
import { registryOrganizations as org } from '../registry.tables.js';

const CHUNK = 1000;

/** What a sheet row says about who it is. */
export interface RowIdentity {
  row: number;
  name: string | null;
  uscc: string | null;
  filingNumber: string | null;
  regionCode: string;
}

export interface ExistingRecord {
  id: string;
  name: string;
  regionCode: string;
  legalForm: string;
  status: string;
  uscc: string | null;
  filingNumber: string | null;
}

export interface Match {
  record: ExistingRecord;
  by: TImportMatch;
}

const COLUMNS = {
  id: org.id,
  name: org.name,
  regionCode: org.regionCode,
  legalForm: org.legalForm,
  status: org.status,
  uscc: org.uscc,
  filingNumber: org.filingNumber,
  createdAt: org.createdAt,
};

/**
 * The records the register already holds for the rows of one import, found by credit code, then
 * filing number, then name within the same region: the first identifier the row gives that finds
 * a record decides. Only records the importer may import into count: a holder out of reach stays
 * a validation problem (the code is taken), never a record to skip or overwrite.
 */
export async function findExisting(db: DbOrTx, actor: Actor, rows: RowIdentity[]): Promise<Map<number, Match>> {
  const regionCodes = unique(rows.map((r) => r.regionCode));
  const found: (ExistingRecord & { createdAt: Date })[] = [];
  const read = async (values: string[], where: (chunk: string[]) => SQL | undefined) => {
    for (let i = 0; i < values.length; i += CHUNK) found.push(...(await db.select(COLUMNS).from(org).where(where(values.slice(i, i + CHUNK)))));
  };
  await read(unique(rows.map((r) => r.uscc)), (chunk) => inArray(org.uscc, chunk));
  await read(unique(rows.map((r) => r.filingNumber)), (chunk) => inArray(org.filingNumber, chunk));
  // By region first: the region index narrows the rows a name is compared with.
  await read(unique(rows.map((r) => r.name)), (chunk) => and(inArray(org.regionCode, regionCodes), inArray(org.name, chunk)));
  const reach = scopeFor(actor, 'registry.import');
  const reachable = [...new Map(found.map((r) => [r.id, r])).values()]
    .filter((r) => scopeCovers(reach, { regionCode: r.regionCode, organizationId: r.id }))
    // The oldest record answers for a name several records share.
    .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  const byUscc = new Map<string, ExistingRecord>();
  const byFiling = new Map<string, ExistingRecord>();
  const byNameRegion = new Map<string, ExistingRecord>();
  for (const r of reachable) {
    if (r.uscc && !byUscc.has(r.uscc)) byUscc.set(r.uscc, r);
    if (r.filingNumber && !byFiling.has(r.filingNumber)) byFiling.set(r.filingNumber, r);
    const key = nameRegionKey(r.name, r.regionCode);
    if (!byNameRegion.has(key)) byNameRegion.set(key, r);
  }
  const matches = new Map<number, Match>();
  for (const row of rows) {
    const match = matchOf(row, byUscc, byFiling, byNameRegion);
    if (match) matches.set(row.row, match);
  }
  return matches;
}

function matchOf(
  row: RowIdentity,
  byUscc: Map<string, ExistingRecord>,
  byFiling: Map<string, ExistingRecord>,
  byNameRegion: Map<string, ExistingRecord>,
): Match | null {
  const uscc = row.uscc ? byUscc.get(row.uscc) : undefined;
  if (uscc) return { record: strip(uscc), by: 'uscc' };
  const filed = row.filingNumber ? byFiling.get(row.filingNumber) : undefined;
  if (filed) return { record: strip(filed), by: 'filingNumber' };
  const named = row.name ? byNameRegion.get(nameRegionKey(row.name, row.regionCode)) : undefined;
  // A name is the weakest sign: two different credit codes are two organisations of one name.
  if (named && !(row.uscc && named.uscc && row.uscc !== named.uscc)) return { record: strip(named), by: 'nameRegion' };
  return null;
}

const nameRegionKey = (name: string, regionCode: string) => `${regionCode}|${name.trim()}`;

const unique = (values: (string | null)[]) => [...new Set(values.filter((v): v is string => !!v))];

function strip(r: ExistingRecord & { createdAt?: Date }): ExistingRecord {
  const { createdAt: _createdAt, ...record } = r;
  return record;
}
