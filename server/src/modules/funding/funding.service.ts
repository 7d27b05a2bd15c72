/**
 * What other domains may read of the funding pipeline (eslint lets them import this file alone).
 * An organisation's evaluation results: its grade evaluation and future applications read them.
 */
export { evaluationsOfOrganization } from './service/evaluation.js';
export type { OrganizationEvaluation } from '../../../../shared/funding/monitoring.js';
