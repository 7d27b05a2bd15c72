import { memberAgeBand } from '../../../../shared/member-age.js';
import { todayInChina } from '../../../../shared/dates.js';
import { isGradeExpired } from '../../../../shared/registry/grades.js';
import { maskIdNumber, maskPhone } from '../../../../shared/validators.js';
import { openStored } from '../../core/personal-data.js';
import type { OrganizationDetailDoc } from './registry.queries.js';
import type { registryFilings, registryMembers, registryOrganizations } from './registry.tables.js';

type OrgRow = typeof registryOrganizations.$inferSelect;

const iso = (d: Date | null) => (d ? d.toISOString() : null);

let chinaDay = { day: '', from: 0, until: 0 };
/**
 * todayInChina, worked out once a day rather than for every record presented: the day is kept with
 * the instants it covers, so the first call past midnight in China (or a clock set back) computes it anew.
 */
function today(): string {
  const now = Date.now();
  if (now < chinaDay.from || now >= chinaDay.until) {
    const day = todayInChina(new Date(now));
    const from = Date.parse(`${day}T00:00:00+08:00`);
    chinaDay = { day, from, until: from + 86_400_000 };
  }
  return chinaDay.day;
}

/**
 * Personal identifiers leave the server masked, always (PIPL); the leader's phone only when the
 * list asked for it. A grade past its validity says so.
 */
export function presentListItem<T extends { leaderPhone: string | null; updatedAt: Date; gradeValidUntil: string | null }>(
  row: T,
  withLeaderPhone: boolean,
) {
  const { leaderPhone, ...rest } = row;
  return {
    ...rest,
    gradeExpired: isGradeExpired(row.gradeValidUntil, today()),
    ...(withLeaderPhone ? { leaderPhone: maskPhone(leaderPhone) } : {}),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export function presentOrganization(
  row: OrgRow,
  names: { regionName: string | null; categoryName: string | null; parentName: string | null },
) {
  return {
    id: row.id,
    name: row.name,
    legalForm: row.legalForm,
    regionCode: row.regionCode,
    regionName: names.regionName,
    categoryId: row.categoryId,
    categoryName: names.categoryName,
    status: row.status,
    stage: row.stage,
    grade: row.grade,
    gradeValidUntil: row.gradeValidUntil,
    gradeExpired: isGradeExpired(row.gradeValidUntil, today()),
    starRating: row.starRating,
    memberCount: row.memberCount,
    leaderName: row.leaderName,
    leaderPhone: maskPhone(row.leaderPhone),
    uscc: row.uscc,
    filingNumber: row.filingNumber,
    foundedOn: row.foundedOn,
    updatedAt: row.updatedAt.toISOString(),
    registrationLevel: row.registrationLevel,
    usccOverrideReason: row.usccOverrideReason,
    parentId: row.parentId,
    parentName: names.parentName,
    leaderIdNumber: maskIdNumber(row.leaderIdNumber),
    address: row.address,
    activityContent: row.activityContent,
    venue: row.venue,
    businessScope: row.businessScope,
    filedAt: iso(row.filedAt),
    createdAt: row.createdAt.toISOString(),
  };
}

/**
 * The record as findOrganizationDetail reads it (one JSON value, times already as ISO strings,
 * personal values still sealed), presented exactly as presentOrganization presents a row.
 */
export function presentOrganizationDetail(doc: OrganizationDetailDoc) {
  // The document is this request's own, just parsed: presented in place rather than copied.
  const presented = doc as OrganizationDetailDoc & { gradeExpired: boolean };
  presented.gradeExpired = isGradeExpired(doc.gradeValidUntil, today());
  presented.leaderPhone = maskPhone(doc.leaderPhone && openStored(doc.leaderPhone));
  presented.leaderIdNumber = maskIdNumber(doc.leaderIdNumber && openStored(doc.leaderIdNumber));
  return presented;
}

export function presentMember(row: typeof registryMembers.$inferSelect) {
  return {
    id: row.id,
    organizationId: row.organizationId,
    name: row.name,
    phone: maskPhone(row.phone),
    idNumber: maskIdNumber(row.idNumber),
    gender: row.gender,
    role: row.role,
    // The birth date itself stays out of every response: the band is all a list needs.
    ...memberAgeBand(row, today()),
    isPartyMember: row.isPartyMember,
    joinedOn: row.joinedOn,
  };
}

const PHONE_KEYS = new Set(['phone', 'leaderPhone']);
const ID_NUMBER_KEYS = new Set(['idNumber', 'leaderIdNumber']);

/**
 * A filing's payload keeps what was asked for in full (an approved change is applied from it), so
 * its personal fields are masked here, at any depth: `changes.leaderPhone`, `current.leaderPhone`.
 */
export function maskPayload(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(maskPayload);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    if (PHONE_KEYS.has(key)) out[key] = typeof v === 'string' ? maskPhone(v) : null;
    else if (ID_NUMBER_KEYS.has(key)) out[key] = typeof v === 'string' ? maskIdNumber(v) : null;
    else out[key] = maskPayload(v);
  }
  return out;
}

export function presentFiling(
  row: typeof registryFilings.$inferSelect,
  names: { organizationName: string | null; regionName: string | null },
) {
  return {
    id: row.id,
    organizationId: row.organizationId,
    organizationName: names.organizationName,
    regionCode: row.regionCode,
    regionName: names.regionName,
    kind: row.kind as 'initial' | 'change' | 'deregistration',
    state: row.state as 'draft' | 'submitted' | 'returned' | 'approved' | 'withdrawn',
    payload: maskPayload(row.payload) as Record<string, unknown>,
    submittedAt: iso(row.submittedAt),
    decidedAt: iso(row.decidedAt),
    createdAt: row.createdAt.toISOString(),
  };
}

export function presentHistory(row: {
  id: number;
  action: string;
  fromState: string | null;
  toState: string;
  actorName: string | null;
  comment: string | null;
  attachmentIds: string[];
  attachments: { id: string; originalName: string; mimeType: string; sizeBytes: number }[];
  at: Date;
}) {
  return { ...row, at: row.at.toISOString() };
}
