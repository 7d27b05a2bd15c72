import { isFiledForm, type LegalForm } from '../../../../shared/registry.js';
import type { Ctx } from '../../core/actor.js';
import { issueOrReuse, presentIssued, revokeDocumentsOf, type PublicFacts } from '../../core/documents/documents.js';
import { inWriteUnit, leavesReadCaches, mutate, type WriteCtx } from '../../core/write-unit.js';
import type { DbOrTx } from '../../db/client.js';
import { AppError } from '../../errors.js';
import { ancestorCodes, regionNames } from '../regions/regions.service.js';
import { findOrganizationInScope } from '../registry/registry.service.js';

/** What the certificate needs of an organisation's record (a registry row has it all). */
export interface FilingRecord {
  id: string;
  name: string;
  legalForm: string;
  status: string;
  regionCode: string;
  filingNumber: string | null;
  filedAt: Date | null;
  activityContent: string | null;
  venue: string | null;
}

export const FILING_CERTIFICATE = 'registry.filing_certificate' as const;

/** The calendar day in China, where the platform's centres are: a filing at 01:00 is that day's. */
function chinaDate(at: Date) {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

/** The street whose centre files a team: its region's first nine digits (a district for a district-level team). */
const filingRegionOf = (regionCode: string) => regionCode.slice(0, 9).padEnd(12, '0');

/**
 * What a filing certificate states, and so what its verification page may show: the paper and the
 * page say the same, nothing more. The team's own facts — name, form, what it does (活动内容) and
 * where (活动场地), its number and date, the area and the street that filed it. No person: none of
 * the seeds' filings prints one, a team's leader changes more often than its filing does, and the
 * roster (the "who" of 三清) stays behind sign-in.
 */
export async function filingCertificateFacts(db: DbOrTx, row: FilingRecord): Promise<PublicFacts> {
  const filedBy = filingRegionOf(row.regionCode);
  const path = [...ancestorCodes(row.regionCode), row.regionCode];
  const names = await regionNames(db, [...path, filedBy]);
  return {
    name: row.name,
    legalForm: row.legalForm,
    filingNumber: row.filingNumber,
    filedOn: row.filedAt ? chinaDate(row.filedAt) : null,
    region: path.map((code) => names.get(code) ?? '').join(''),
    filedBy: names.get(filedBy) ?? null,
    activityContent: row.activityContent,
    venue: row.venue,
  };
}

const isFiledTeam = (row: FilingRecord) => isFiledForm(row.legalForm as LegalForm) && row.status === 'filed' && row.filingNumber !== null;

/**
 * The filing certificate of a team the actor can read (its own members included): the live one,
 * or a new one when there is none or what it says is no longer true. 404 outside the actor's
 * scope, 409 naming the state for a record that is not a filed team.
 */
export async function filingCertificate(ctx: Ctx, organizationId: string, publicBaseUrl: string) {
  const ownUnit = !inWriteUnit(ctx);
  return mutate(ctx, async (w) => {
    // A document row is shown by no cached list or dashboard (only when this is the whole unit:
    // declaring it of a caller's unit would spare that unit's own writes too).
    if (ownUnit) leavesReadCaches(w);
    // Locked: a filing decision on the team waits for the print, or the print for the decision.
    const row = await findOrganizationInScope(w, w.db, organizationId, true);
    if (!isFiledTeam(row)) throw new AppError('not_filed', { state: row.status });
    const facts = await filingCertificateFacts(w.db, row);
    const { document, reused } = await issueOrReuse(
      w,
      { kind: FILING_CERTIFICATE, entityType: 'organization', entityId: row.id, regionCode: row.regionCode, name: row.name },
      facts,
    );
    return presentIssued(document, publicBaseUrl, reused);
  });
}

/** The fields of the team's record its certificate prints (the region names are checked at the next print). */
const PRINTED: (keyof FilingRecord)[] = ['name', 'legalForm', 'filingNumber', 'regionCode', 'activityContent', 'venue'];

/**
 * The registry calls this inside the write unit of any change to an organisation's record, with the
 * row before and after: an approved change filing or deregistration revokes the team's certificate
 * (the filing it attests is no longer the current one), and so does an edit that leaves the team
 * unfiled or changes what the certificate prints. Anything else leaves it valid.
 */
export async function retireFilingCertificate(
  w: WriteCtx,
  before: FilingRecord,
  after: FilingRecord,
  cause: 'change_filing' | 'deregistration' | 'edit' = 'edit',
) {
  if (!before.filingNumber) return 0; // never filed: no certificate can exist
  const subject = { entityType: 'organization', entityId: before.id, kind: FILING_CERTIFICATE, name: after.name };
  if (cause === 'change_filing') return revokeDocumentsOf(w, subject, 'change_filing');
  if (cause === 'deregistration' || after.status === 'dissolved') return revokeDocumentsOf(w, subject, 'deregistered');
  if (!isFiledTeam(after)) return revokeDocumentsOf(w, subject, 'status_changed');
  const changed = PRINTED.some((k) => before[k] !== after[k]) || before.filedAt?.getTime() !== after.filedAt?.getTime();
  return changed ? revokeDocumentsOf(w, subject, 'superseded') : 0;
}
