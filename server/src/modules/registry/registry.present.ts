import { memberAgeBand } from '../../../../shared/member-age.js';
import { todayInChina } from '../../../../shared/dates.js';
import { isGradeExpired } from '../../../../shared/registry/grades.js';
import { maskIdNumber, maskPhone } from '../../../../shared/validators.js';
import type { registryFilings, registryMembers, registryOrganizations } from './registry.tables.js';

type OrgRow = typeof registryOrganizations.$inferSelect;

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** Personal identifiers leave the server masked, always (PIPL). A grade past its validity says so. */
export function presentListItem<T extends { leaderPhone: string | null; updatedAt: Date; gradeValidUntil: string | null }>(row: T) {
  return {
    ...row,
    gradeExpired: isGradeExpired(row.gradeValidUntil, todayInChina()),
    leaderPhone: maskPhone(row.leaderPhone),
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
    gradeExpired: isGradeExpired(row.gradeValidUntil, todayInChina()),
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
    ...memberAgeBand(row, todayInChina()),
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
