import type { Ctx } from '../../core/actor.js';
import { defineFileOwners } from '../../core/file-owners.js';
import { AppError } from '../../errors.js';
import { findOrganizationInScope } from './registry.queries.js';
import { findFilingInScope } from './service/filings.js';
import { FILING_WORKFLOW } from './service/filing-workflow.js';

/** Whether the scoped read finds the record: its 404 is "no", anything else is a failure to pass on. */
async function found(read: () => Promise<unknown>): Promise<boolean> {
  try {
    await read();
    return true;
  } catch (e) {
    if (e instanceof AppError && e.code === 'not_found') return false;
    throw e;
  }
}

/**
 * What the registry's files belong to. A filing's attachments (venue permit, minutes, photos sent
 * with a step of its workflow) are read by whoever reads the filing; an organisation's by whoever
 * reads the organisation.
 */
export const registryFileOwners = defineFileOwners('registry', {
  [FILING_WORKFLOW.name]: { canRead: (ctx: Ctx, id: string) => found(() => findFilingInScope(ctx, ctx.db, id)) },
  'registry.organization': { canRead: (ctx: Ctx, id: string) => found(() => findOrganizationInScope(ctx, ctx.db, id)) },
});
