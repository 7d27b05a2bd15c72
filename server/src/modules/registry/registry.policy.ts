import { regionPrefix } from '../../../../shared/regions.js';
import { isFiledForm, type LegalForm, type OrgStatus } from '../../../../shared/registry.js';
import { type Role } from '../../../../shared/roles.js';
import { roleHas } from '../../../../shared/permissions.js';
import { can, type Actor } from '../../core/actor.js';
import { scopeCovers, scopeCoversRegion, scopeFor } from '../../core/scope.js';
import type { FieldProblem } from '../../errors.js';

interface OrgRef {
  id: string;
  regionCode: string;
  legalForm: string;
  status: string;
}

const EDITABLE_BY_OWNER: OrgStatus[] = ['draft', 'returned'];
const LIVE: OrgStatus[] = ['draft', 'submitted', 'returned', 'filed', 'registered', 'suspended'];

/** What a team says about itself: who leads it, what it does, where — its own members keep these. */
const DESCRIPTIVE = [
  'name',
  'activityContent',
  'venue',
  'leaderName',
  'leaderPhone',
  'leaderIdNumber',
  'address',
  'foundedOn',
  'categoryId',
  'businessScope',
] as const;
/** Where the record sits in the register and what it legally is: kept by the centre and officials. */
const REGISTER = ['regionCode', 'legalForm', 'uscc', 'parentId'] as const;
/**
 * Decisions of the civil-affairs authority: registration level, suspension or dissolution, and
 * accepting a credit code that fails its check. Grade, stars and stage are no fields of an edit:
 * each has its own action and history (service/grades.ts, star-ratings.ts, stages.ts).
 */
const OFFICIAL = ['registrationLevel', 'status', 'usccOverrideReason'] as const;

export type OrganizationField =
  | (typeof DESCRIPTIVE)[number]
  | (typeof REGISTER)[number]
  | (typeof OFFICIAL)[number];
export type EditorRole = 'official' | 'centre_staff' | 'org_member';

// Frozen: writableFields hands these lists out as they are.
function inStates(states: OrgStatus[], fields: readonly OrganizationField[]) {
  const frozen = Object.freeze([...fields]);
  return Object.fromEntries(states.map((s) => [s, frozen])) as Partial<Record<OrgStatus, readonly OrganizationField[]>>;
}

/**
 * The one declaration of which organisation fields a role may set, per record state. A state not
 * listed (a dissolved record, or a team's record once submitted for its own members) is read-only
 * to that role; after filing, a team changes its facts through a change filing.
 */
export const WRITABLE_FIELDS: Record<EditorRole, Partial<Record<OrgStatus, readonly OrganizationField[]>>> = {
  official: inStates(LIVE, [...DESCRIPTIVE, ...REGISTER, ...OFFICIAL]),
  centre_staff: inStates(LIVE, [...DESCRIPTIVE, ...REGISTER]),
  org_member: inStates(EDITABLE_BY_OWNER, DESCRIPTIVE),
};

const EDITOR_ROLES: Partial<Record<Role, EditorRole>> = {
  platform_admin: 'official',
  official: 'official',
  centre_staff: 'centre_staff',
  org_member: 'org_member',
};

/**
 * The fields the actor may set on the record (`id: null` for one being created), the union over
 * the grants that reach it with registry.write.
 */
export function writableFields(actor: Actor, org: { id: string | null; regionCode: string; status: string }): readonly OrganizationField[] {
  // Most actors hold one grant that reaches a record: its declared list is the answer as it stands.
  let found: readonly OrganizationField[] = [];
  let union: Set<OrganizationField> | null = null;
  for (const grant of actor.grants) {
    const role = EDITOR_ROLES[grant.role];
    if (!role || !roleHas(grant.role, 'registry.write')) continue;
    if (!org.regionCode.startsWith(regionPrefix(grant.regionCode))) continue;
    if (grant.organizationId !== null && grant.organizationId !== org.id) continue;
    const fields = WRITABLE_FIELDS[role][org.status as OrgStatus] ?? [];
    if (!found.length) found = fields;
    else if (fields !== found) for (const f of fields) (union ??= new Set(found)).add(f);
  }
  return union ? [...union] : found;
}

/** Staff and officials of the region edit any live record; a team's own members only before it is filed. */
export function canEdit(actor: Actor, org: OrgRef) {
  return writableFields(actor, org).length > 0;
}

export function canSubmitFiling(actor: Actor, org: OrgRef) {
  return (
    isFiledForm(org.legalForm as LegalForm) &&
    EDITABLE_BY_OWNER.includes(org.status as OrgStatus) &&
    scopeCovers(scopeFor(actor, 'registry.filing.submit'), { regionCode: org.regionCode, organizationId: org.id })
  );
}

export function canRequestOnFiled(actor: Actor, org: OrgRef) {
  return (
    isFiledForm(org.legalForm as LegalForm) &&
    org.status === 'filed' &&
    scopeCovers(scopeFor(actor, 'registry.filing.submit'), { regionCode: org.regionCode, organizationId: org.id })
  );
}

export function canWriteMembers(actor: Actor, org: OrgRef) {
  return org.status !== 'dissolved' && scopeCovers(scopeFor(actor, 'registry.member.write'), { regionCode: org.regionCode, organizationId: org.id });
}

export function canSubmitReport(actor: Actor, org: OrgRef) {
  return (
    org.legalForm === 'grassroots_team' &&
    org.status === 'filed' &&
    scopeCovers(scopeFor(actor, 'registry.report.submit'), { regionCode: org.regionCode, organizationId: org.id })
  );
}

export function canReviewFilings(actor: Actor, regionCode: string) {
  return scopeCoversRegion(scopeFor(actor, 'registry.filing.review'), regionCode);
}

export function organizationAbilities(actor: Actor, org: OrgRef) {
  // Each worked out once: a record's page asks for all of them on every view.
  const editableFields = writableFields(actor, org);
  const onFiled = canRequestOnFiled(actor, org);
  return {
    edit: editableFields.length > 0,
    submitFiling: canSubmitFiling(actor, org),
    requestChange: onFiled,
    requestDeregistration: onFiled,
    addMember: canWriteMembers(actor, org),
    submitReport: canSubmitReport(actor, org),
    overrideUscc: can(actor, 'registry.usccOverride') && scopeCoversRegion(scopeFor(actor, 'registry.usccOverride'), org.regionCode),
    // A declared list (frozen) or a union made for this call: read, never changed, by the response.
    editableFields: editableFields as OrganizationField[],
  };
}

/**
 * The fields of `input` the actor may not set, as validation problems. Sending a field's current
 * value is not setting it: the edit form sends the whole record, locked fields included.
 */
export function unwritableFields(
  writable: readonly string[],
  input: Record<string, unknown>,
  current: Record<string, unknown>,
): FieldProblem[] {
  return Object.entries(input)
    .filter(([field, value]) => value !== undefined && !writable.includes(field) && value !== (current[field] ?? null))
    .map(([field]) => ({ field, problem: 'field_not_writable' }));
}
