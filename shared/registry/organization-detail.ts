import { z } from 'zod';
import { ZFilingWithHistory } from './filings.js';
import { ZOrganization } from './organizations.js';

/** What this user may do with this record now: the page shows only those actions. */
export const ZOrganizationAbilities = z.object({
  edit: z.boolean(),
  submitFiling: z.boolean(),
  requestChange: z.boolean(),
  requestDeregistration: z.boolean(),
  addMember: z.boolean(),
  submitReport: z.boolean(),
  overrideUscc: z.boolean(),
  /** The fields this user may set on this record now (registry.policy WRITABLE_FIELDS); the edit form locks the others. */
  editableFields: z.array(z.string()),
});
export type TOrganizationAbilities = z.infer<typeof ZOrganizationAbilities>;

export const ZOrganizationDetail = z.object({
  organization: ZOrganization,
  abilities: ZOrganizationAbilities,
  filings: z.array(ZFilingWithHistory),
});
export type TOrganizationDetail = z.infer<typeof ZOrganizationDetail>;
