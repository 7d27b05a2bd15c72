import { and, eq, isNull, sql, type SQL } from 'drizzle-orm';
import { todayInChina } from '../../../../../shared/dates.js';
import { maskIdNumber, maskName } from '../../../../../shared/validators.js';
import { hoursOf, type TCertificate, type TCertificatePrint, type TCertificateRequest } from '../../../../../shared/volunteers/overview.js';
import type { Ctx } from '../../../core/actor.js';
import { writeAudit } from '../../../core/audit.js';
import { issueOrReuse, presentIssued, sameFacts, type PublicFacts } from '../../../core/documents/documents.js';
import { issuedDocuments } from '../../../core/documents/documents.tables.js';
import { scopeFor } from '../../../core/scope.js';
import { scopeWhere } from '../../../core/scope-sql.js';
import { inWriteUnit, leavesReadCaches, mutate, type WriteCtx } from '../../../core/write-unit.js';
import { rowsOf, type DbOrTx } from '../../../db/client.js';
import { AppError, notFound } from '../../../errors.js';
import { regionNames } from '../../regions/regions.service.js';
import { organizationNames } from '../../registry/registry.service.js';
import { volunteers } from '../volunteers.tables.js';
import { volunteerOfUser } from './me.js';

/*
 * The certificate of service (志愿服务证明, V5; 《志愿服务记录与证明出具办法（试行）》民政部令第67号 §§14–16):
 * printed through the core's documents. The paper shows the volunteer's name, masked ID number,
 * number and the approved hours of the period by year and by the organisation that recorded them
 * (谁记录谁证明); the verification page shows only the public facts below — a masked name, the
 * number, the certified totals and period, the issuing street, the date — never an ID number or
 * a phone.
 */

export const SERVICE_CERTIFICATE = 'volunteer.service' as const;

type VolunteerRow = typeof volunteers.$inferSelect;

/** The street whose centre certifies a volunteer: its region's first nine digits (a district's own code for a district volunteer). */
const streetOf = (regionCode: string) => regionCode.slice(0, 9).padEnd(12, '0');

/**
 * An entry that counts: approved, not itself a reversal, and not cancelled by one (a reversal is
 * never decided: it takes effect when written; migration volunteers_totals). `e` is the entry's alias.
 */
export const countedEntry = sql`e.kind <> 'reversal'
  and exists (select 1 from volunteer_hour_decisions d where d.entry_id = e.id and d.decision = 'approved')
  and not exists (select 1 from volunteer_hour_entries r where r.reverses_id = e.id)`;

/** The China date an entry was served on, for periods and years. */
const servedOn = sql`(e.starts_at at time zone 'Asia/Shanghai')::date`;

interface ServedRow {
  year: number;
  organizationId: string | null;
  street: string;
  minutes: number;
  entries: number;
}

/** The volunteer's counted service in the period, by year and recording organisation (or centre). */
async function servedIn(db: DbOrTx, volunteerId: string, period: TCertificateRequest): Promise<ServedRow[]> {
  const bounds: SQL[] = [];
  if (period.from) bounds.push(sql`${servedOn} >= ${period.from}::date`);
  if (period.to) bounds.push(sql`${servedOn} <= ${period.to}::date`);
  const rows = rowsOf<Record<string, unknown>>(
    await db.execute(sql`
      select extract(year from ${servedOn})::int as year, e.organization_id as "organizationId",
             case when e.organization_id is null then rpad(left(e.region_code, 9), 12, '0') else '' end as street,
             sum(e.minutes)::bigint as minutes, count(*)::int as entries
        from volunteer_hour_entries e
       where e.volunteer_id = ${volunteerId} and ${countedEntry} ${bounds.length ? sql`and ${sql.join(bounds, sql` and `)}` : sql``}
       group by 1, 2, 3
       order by 1, 2, 3`),
  );
  return rows.map((r) => ({
    year: Number(r.year),
    organizationId: (r.organizationId as string | null) ?? null,
    street: String(r.street),
    minutes: Number(r.minutes),
    entries: Number(r.entries),
  }));
}

/** What the print page shows, from the volunteer's record and its counted service. */
export async function certificatePrint(db: DbOrTx, v: VolunteerRow, period: TCertificateRequest, issuedOn: string): Promise<TCertificatePrint> {
  const served = await servedIn(db, v.id, period);
  const issuer = streetOf(v.regionCode);
  const orgNames = await organizationNames(db, served.flatMap((s) => (s.organizationId ? [s.organizationId] : [])));
  const places = await regionNames(db, [issuer, ...served.map((s) => s.street).filter(Boolean)]);
  const sum = (rows: ServedRow[]) => ({ minutes: rows.reduce((a, r) => a + r.minutes, 0), entries: rows.reduce((a, r) => a + r.entries, 0) });
  const group = <K>(key: (r: ServedRow) => K) => {
    const out = new Map<K, ServedRow[]>();
    for (const r of served) out.set(key(r), [...(out.get(key(r)) ?? []), r]);
    return out;
  };
  return {
    name: v.name,
    idNumberMasked: maskIdNumber(v.idNumber),
    volunteerNumber: v.number,
    from: period.from ?? null,
    to: period.to ?? null,
    total: sum(served),
    byYear: [...group((r) => r.year)].map(([year, rows]) => ({ year, ...sum(rows) })),
    byOrganization: [...group((r) => r.organizationId ?? `centre:${r.street}`)].map(([, rows]) => {
      const { organizationId, street } = rows[0];
      return organizationId
        ? { organizationId, name: orgNames.get(organizationId) ?? '', centre: false, ...sum(rows) }
        : { organizationId: null, name: places.get(street) ?? '', centre: true, ...sum(rows) };
    }),
    issuer: { regionCode: issuer, name: places.get(issuer) ?? '' },
    issuedOn,
  };
}

/** Exactly what the public verification page may show: no ID number, no phone, no full name. */
export function certificateFacts(print: TCertificatePrint): PublicFacts {
  return {
    name: maskName(print.name),
    volunteerNumber: print.volunteerNumber,
    periodFrom: print.from,
    periodTo: print.to,
    hours: hoursOf(print.total.minutes),
    serviceCount: print.total.entries,
    issuedBy: print.issuer.name,
    issuedOn: print.issuedOn,
  };
}

/**
 * The issue date a print carries: the live certificate's when it still certifies the same (a
 * reprint keeps its code and its date), else today.
 */
async function issueDateFor(w: WriteCtx, volunteerId: string, facts: PublicFacts) {
  const [live] = await w.db
    .select({ facts: issuedDocuments.publicFacts })
    .from(issuedDocuments)
    .where(
      and(
        eq(issuedDocuments.kind, SERVICE_CERTIFICATE),
        eq(issuedDocuments.entityType, 'volunteer'),
        eq(issuedDocuments.entityId, volunteerId),
        isNull(issuedDocuments.revokedAt),
      ),
    )
    .limit(1);
  const today = todayInChina();
  if (!live || typeof live.facts.issuedOn !== 'string') return today;
  return sameFacts({ ...live.facts, issuedOn: today }, { ...facts, issuedOn: today }) ? live.facts.issuedOn : today;
}

async function issueFor(w: WriteCtx, v: VolunteerRow, period: TCertificateRequest, publicBaseUrl: string): Promise<TCertificate> {
  // A record not yet confirmed by the centre is not a real-name volunteer the centre can vouch for.
  if (v.status === 'pending') throw new AppError('volunteer_not_confirmed');
  const draft = await certificatePrint(w.db, v, period, todayInChina());
  const issuedOn = await issueDateFor(w, v.id, certificateFacts(draft));
  const print = { ...draft, issuedOn };
  const { document, reused } = await issueOrReuse(
    w,
    { kind: SERVICE_CERTIFICATE, entityType: 'volunteer', entityId: v.id, regionCode: v.regionCode, name: v.number },
    certificateFacts(print),
  );
  if (!reused) {
    await writeAudit(w, {
      action: 'volunteers.certificate.issue',
      entityType: 'volunteer',
      entityId: v.id,
      regionCode: v.regionCode,
      entityName: v.number,
      after: { documentId: document.id, code: document.code, from: print.from, to: print.to, minutes: print.total.minutes, entries: print.total.entries },
    });
  }
  return { document: presentIssued(document, publicBaseUrl, reused), print };
}

/** Runs a print in its own write unit, or the caller's; a print alone changes nothing any cached read shows. */
function printing<T>(ctx: Ctx, fn: (w: WriteCtx) => Promise<T>) {
  const ownUnit = !inWriteUnit(ctx);
  return mutate(ctx, async (w) => {
    if (ownUnit) leavesReadCaches(w);
    return fn(w);
  });
}

/** Staff print for a volunteer in their reach; a volunteer's grant reaches only its own record (another's: 404). */
export function issueCertificate(ctx: Ctx, volunteerId: string, period: TCertificateRequest, publicBaseUrl: string) {
  return printing(ctx, async (w) => {
    const slices = scopeFor(w.actor, 'volunteers.certificate.issue');
    const [v] = await w.db
      .select()
      .from(volunteers)
      .where(and(eq(volunteers.id, volunteerId), scopeWhere(slices, { region: volunteers.regionCode, owner: volunteers.userId })));
    if (!v) throw notFound('volunteer');
    return issueFor(w, v, period, publicBaseUrl);
  });
}

/** A volunteer prints its own certificate. */
export function issueOwnCertificate(ctx: Ctx, period: TCertificateRequest, publicBaseUrl: string) {
  return printing(ctx, async (w) => {
    const v = await volunteerOfUser(w.db, w.actor.id);
    if (!v) throw notFound('volunteer');
    return issueFor(w, v, period, publicBaseUrl);
  });
}
