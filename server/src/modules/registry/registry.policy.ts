import { isFiledForm, type LegalForm, type OrgStatus } from '../../../../shared/registry.js';
import { can, scopeCovers, scopeCoversRegion, scopeFor, type Actor } from '../../core/actor.js';

interface OrgRef {
  id: string;
  regionCode: string;
  legalForm: string;
  status: string;
}

const EDITABLE_BY_OWNER: OrgStatus[] = ['draft', 'returned'];

/** Staff and officials of the region edit any live record; a team's own members only before it is filed. */
export function canEdit(actor: Actor, org: OrgRef) {
  if (org.status === 'dissolved') return false;
  const slices = scopeFor(actor, 'registry.write');
  if (scopeCoversRegion(slices, org.regionCode)) return true;
  return (
    EDITABLE_BY_OWNER.includes(org.status as OrgStatus) &&
    scopeCovers(slices, org.regionCode, org.id)
  );
}

export function canSubmitFiling(actor: Actor, org: OrgRef) {
  return (
    isFiledForm(org.legalForm as LegalForm) &&
    EDITABLE_BY_OWNER.includes(org.status as OrgStatus) &&
    scopeCovers(scopeFor(actor, 'registry.filing.submit'), org.regionCode, org.id)
  );
}

export function canRequestOnFiled(actor: Actor, org: OrgRef) {
  return (
    isFiledForm(org.legalForm as LegalForm) &&
    org.status === 'filed' &&
    scopeCovers(scopeFor(actor, 'registry.filing.submit'), org.regionCode, org.id)
  );
}

export function canWriteMembers(actor: Actor, org: OrgRef) {
  return org.status !== 'dissolved' && scopeCovers(scopeFor(actor, 'registry.member.write'), org.regionCode, org.id);
}

export function canSubmitReport(actor: Actor, org: OrgRef) {
  return (
    org.legalForm === 'grassroots_team' &&
    org.status === 'filed' &&
    scopeCovers(scopeFor(actor, 'registry.report.submit'), org.regionCode, org.id)
  );
}

export function canReviewFilings(actor: Actor, regionCode: string) {
  return scopeCoversRegion(scopeFor(actor, 'registry.filing.review'), regionCode);
}

export function organizationAbilities(actor: Actor, org: OrgRef) {
  return {
    edit: canEdit(actor, org),
    submitFiling: canSubmitFiling(actor, org),
    requestChange: canRequestOnFiled(actor, org),
    requestDeregistration: canRequestOnFiled(actor, org),
    addMember: canWriteMembers(actor, org),
    submitReport: canSubmitReport(actor, org),
    overrideUscc: can(actor, 'registry.usccOverride') && scopeCoversRegion(scopeFor(actor, 'registry.usccOverride'), org.regionCode),
  };
}
