import { createHash } from 'node:crypto';
import { and, asc, desc, inArray, isNotNull, ne, sql } from 'drizzle-orm';
import { dayEnd, dayStart, fenToYuan, isoChina, OCDS_VERSION, type TOcdsQuery, type TReleasePackage } from '../../../../../shared/funding/ocds.js';
import { regionPrefix } from '../../../../../shared/regions.js';
import type { DbOrTx } from '../../../db/client.js';
import { organizationPlaces } from '../../registry/registry.service.js';
import { fundingContracts as contracts, fundingMilestones as milestones, fundingTranches as tranches } from '../funding-contracts.tables.js';
import { fundingNotices as notices } from '../funding-review.tables.js';
import { fundingApplications as apps, fundingCalls as calls } from '../funding.tables.js';
import { purchaserName } from './contracts.js';

/*
 * Open data (OCDS 1.1.5). One contracting process per call: ocid = prefix + the call's id. Its
 * releases: the tender (the call as published; a cancellation is a release of its own), the awards
 * (the approved applications, once the public notice is fixed), and one per contract (signed, with
 * its milestones and its paid tranches as implementation transactions).
 *
 * Release ids are stable: `<kind>-<record id>-<digest of the release's content>`, so the same state
 * publishes the same id on every request, and a change (a tranche paid) publishes a new release with
 * a new id. Parties are the region's office (buyer, payer) and the organisation (supplier, payee):
 * organisations and offices by name, never a person, a phone or an ID number.
 */

type Json = Record<string, unknown>;
const CNY = (fen: number) => ({ amount: fenToYuan(fen), currency: 'CNY' });
const buyerId = (regionCode: string) => `CN-REGION-${regionCode}`;
const supplierId = (organizationId: string) => `CN-ORG-${organizationId}`;

/** The release with its id: the digest of everything else in it, so unchanged content keeps its id. */
function release(ocid: string, kind: string, recordId: string, body: Json & { date: string; tag: string[] }): Json {
  const digest = createHash('sha256').update(JSON.stringify(body)).digest('hex').slice(0, 12);
  return { ocid, id: `${kind}-${recordId}-${digest}`, initiationType: 'tender', language: 'zh', ...body };
}

class Parties {
  readonly #byId = new Map<string, { id: string; name: string; roles: Set<string> }>();
  add(id: string, name: string, ...roles: string[]) {
    const party = this.#byId.get(id) ?? { id, name, roles: new Set<string>() };
    for (const r of roles) party.roles.add(r);
    this.#byId.set(id, party);
    return { id, name };
  }
  list() {
    return [...this.#byId.values()].map((p) => ({ id: p.id, name: p.name, roles: [...p.roles] }));
  }
}

const TENDER_STATUS: Record<string, string> = { published: 'active', completed: 'complete', cancelled: 'cancelled' };

/** The release package of a page of calls (newest first) past draft, with what followed each. */
export async function ocdsReleasePackage(db: DbOrTx, q: TOcdsQuery, opts: { ocidPrefix: string; uri: string; now: Date }): Promise<TReleasePackage> {
  const callRows = await db
    .select()
    .from(calls)
    .where(and(ne(calls.status, 'draft'), q.region ? sql`${calls.regionCode} like ${regionPrefix(q.region) + '%'}` : undefined))
    .orderBy(desc(sql`coalesce(${calls.publishedAt}, ${calls.createdAt})`), desc(calls.id))
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize);
  const callIds = callRows.map((c) => c.id);
  const fixed = callIds.length ? await db.select().from(notices).where(and(inArray(notices.callId, callIds), isNotNull(notices.fixedAt))) : [];
  const fixedBy = new Map(fixed.map((n) => [n.callId, n.fixedAt!]));
  const awarded = fixed.length
    ? await db
        .select()
        .from(apps)
        .where(and(inArray(apps.callId, fixed.map((n) => n.callId)), inArray(apps.status, ['approved', 'contracted'])))
        .orderBy(asc(apps.submittedAt), asc(apps.id))
    : [];
  const contractRows = callIds.length
    ? await db
        .select()
        .from(contracts)
        .where(and(inArray(contracts.callId, callIds), inArray(contracts.status, ['signed', 'completed', 'terminated'])))
        .orderBy(asc(contracts.signedAt), asc(contracts.id))
    : [];
  const contractIds = contractRows.map((c) => c.id);
  const milestoneRows = contractIds.length ? await db.select().from(milestones).where(inArray(milestones.contractId, contractIds)).orderBy(asc(milestones.position)) : [];
  const trancheRows = contractIds.length ? await db.select().from(tranches).where(inArray(tranches.contractId, contractIds)).orderBy(asc(tranches.position)) : [];
  const orgNames = await organizationPlaces(db, [...new Set(awarded.map((a) => a.organizationId))]);
  const buyers = new Map<string, string>();
  for (const code of new Set(callRows.map((c) => c.regionCode))) buyers.set(code, await purchaserName(db, code));

  const releases: Json[] = [];
  for (const call of callRows) {
    const ocid = `${opts.ocidPrefix}${call.id}`;
    const buyer = { id: buyerId(call.regionCode), name: buyers.get(call.regionCode)! };
    // A call written straight into the database (imported, seeded) may lack its publication time: its creation stands in.
    const publishedAt = call.publishedAt ?? call.createdAt;
    const published = isoChina(publishedAt);
    const tender = {
      id: call.id,
      title: call.title,
      description: call.description ?? undefined,
      status: 'active',
      value: CNY(call.budgetFen),
      procurementMethod: 'open',
      mainProcurementCategory: 'services',
      procuringEntity: buyer,
      datePublished: published,
      tenderPeriod: { startDate: isoChina(call.opensAt ?? publishedAt), endDate: isoChina(call.deadline) },
    };
    releases.push(
      release(ocid, 'tender', call.id, { date: published, tag: ['tender'], buyer, parties: [{ ...buyer, roles: ['buyer', 'procuringEntity'] }], tender }),
    );
    if (call.status !== 'published') {
      // The call's end (cancelled, or completed) as a release of its own, dated when it was recorded.
      const status = TENDER_STATUS[call.status];
      releases.push(
        release(ocid, `tender-${status}`, call.id, {
          date: isoChina(call.updatedAt),
          tag: [call.status === 'cancelled' ? 'tenderCancellation' : 'tenderUpdate'],
          buyer,
          parties: [{ ...buyer, roles: ['buyer', 'procuringEntity'] }],
          tender: { ...tender, status },
        }),
      );
    }

    const fixedAt = fixedBy.get(call.id);
    const winners = awarded.filter((a) => a.callId === call.id);
    if (fixedAt && winners.length) {
      const parties = new Parties();
      parties.add(buyer.id, buyer.name, 'buyer', 'procuringEntity');
      const date = isoChina(fixedAt);
      const awards = winners.map((a) => ({
        id: a.id,
        title: a.title,
        status: 'active',
        date,
        value: CNY(a.amountFen),
        suppliers: [parties.add(supplierId(a.organizationId), orgNames.get(a.organizationId)?.name ?? '', 'supplier')],
      }));
      releases.push(release(ocid, 'award', call.id, { date, tag: ['award'], buyer, parties: parties.list(), awards }));
    }

    for (const c of contractRows.filter((x) => x.callId === call.id)) {
      const parties = new Parties();
      const payer = parties.add(buyer.id, buyer.name, 'buyer', 'payer');
      const payee = parties.add(supplierId(c.organizationId), c.providerName, 'supplier', 'payee');
      const paid = trancheRows.filter((t) => t.contractId === c.id && t.status === 'paid');
      const transactions = paid.map((t) => ({ id: t.id, date: isoChina(t.decidedAt!), value: CNY(t.amountFen), payer, payee }));
      const contractMilestones = milestoneRows
        .filter((m) => m.contractId === c.id)
        .map((m) => ({
          id: m.id,
          title: m.title,
          type: 'delivery',
          dueDate: dayEnd(m.dueOn),
          status: m.status === 'accepted' ? 'met' : 'scheduled',
          ...(m.acceptedAt ? { dateMet: isoChina(m.acceptedAt) } : {}),
        }));
      const ended = c.completedAt ?? c.terminatedAt;
      const changes = [c.signedAt!, ...paid.map((t) => t.decidedAt!), ...(ended ? [ended] : [])];
      const date = isoChina(new Date(Math.max(...changes.map((d) => d.getTime()))));
      releases.push(
        release(ocid, 'contract', c.id, {
          date,
          tag: transactions.length ? ['contract', 'implementation'] : ['contract'],
          buyer,
          parties: parties.list(),
          contracts: [
            {
              id: c.id,
              awardID: c.applicationId,
              title: c.title,
              status: c.status === 'signed' ? 'active' : 'terminated',
              dateSigned: isoChina(c.signedAt!),
              value: CNY(c.amountFen),
              period: { startDate: dayStart(c.startsOn), endDate: dayEnd(c.endsOn) },
              ...(contractMilestones.length ? { milestones: contractMilestones } : {}),
              ...(transactions.length ? { implementation: { transactions } } : {}),
            },
          ],
        }),
      );
    }
  }

  return {
    uri: opts.uri,
    version: OCDS_VERSION,
    publishedDate: isoChina(opts.now),
    publisher: { name: 'Shuniu 枢纽社会组织服务平台' },
    releases: releases as TReleasePackage['releases'],
  };
}
