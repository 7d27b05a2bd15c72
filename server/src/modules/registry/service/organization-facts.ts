import { inArray } from 'drizzle-orm';
import type { DbOrTx } from '../../../db/client.js';
import { registryOrganizations as org } from '../registry.tables.js';

/**
 * What another domain's rules read of organisations (the funding screening's eligibility rules):
 * legal form, region, status, grade with its validity, founding date. No people. The caller has
 * already decided that it may read these organisations (an application names its own).
 */
export async function organizationFacts(db: DbOrTx, ids: readonly string[]) {
  const unique = [...new Set(ids)];
  if (!unique.length) return new Map<string, OrganizationFacts>();
  const rows = await db
    .select({
      id: org.id,
      name: org.name,
      legalForm: org.legalForm,
      regionCode: org.regionCode,
      status: org.status,
      grade: org.grade,
      gradeValidUntil: org.gradeValidUntil,
      foundedOn: org.foundedOn,
      filedAt: org.filedAt,
    })
    .from(org)
    .where(inArray(org.id, unique));
  return new Map(rows.map((r) => [r.id, { ...r, filedAt: r.filedAt ? r.filedAt.toISOString() : null }]));
}

export interface OrganizationFacts {
  id: string;
  name: string;
  legalForm: string;
  regionCode: string;
  status: string;
  grade: string | null;
  gradeValidUntil: string | null;
  foundedOn: string | null;
  filedAt: string | null;
}
