import type { FilingState } from '../../../../../shared/registry.js';
import { defineWorkflow } from '../../../core/workflow.js';

/** 群众团队备案 (R2): the same steps serve first filing, change filing and deregistration. */
export const FILING_WORKFLOW = defineWorkflow<FilingState, 'submit' | 'approve' | 'return' | 'withdraw'>({
  name: 'registry.filing',
  states: ['draft', 'submitted', 'returned', 'approved', 'withdrawn'],
  transitions: [
    { action: 'submit', from: ['draft', 'returned'], to: 'submitted', permission: 'registry.filing.submit' },
    { action: 'approve', from: ['submitted'], to: 'approved', permission: 'registry.filing.review' },
    { action: 'return', from: ['submitted'], to: 'returned', permission: 'registry.filing.review', commentRequired: true },
    { action: 'withdraw', from: ['draft', 'submitted', 'returned'], to: 'withdrawn', permission: 'registry.filing.submit' },
  ],
});
