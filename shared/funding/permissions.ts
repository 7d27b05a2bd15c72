import { declarePermissions } from '../permissions.js';

/**
 * What the funding routes and abilities ask for, and the roles that hold each. Each part of the
 * pipeline adds its block below; the scope (region, own organisation, assignment) does the rest.
 */
export const FUNDING_PERMISSIONS = declarePermissions('funding', {
  /** Calls, applications and projects inside one's reach (an organisation sees its own). */
  'funding.read': ['platform_admin', 'official', 'centre_staff', 'org_member'],
  /** Put a need into the pool (F1): staff on residents' behalf, communities, departments, organisations, volunteers. */
  'funding.need.submit': ['platform_admin', 'official', 'centre_staff', 'org_member', 'volunteer', 'unit'],
  /** Merge duplicate needs and gather needs into topics (需求梳理). */
  'funding.need.curate': ['platform_admin', 'official', 'centre_staff'],
  /** Which steps each kind of call runs in a region: the civil-affairs authority's rule. */
  'funding.settings.manage': ['platform_admin', 'official'],
  /** Draft, publish and move calls along the pipeline. */
  'funding.call.manage': ['platform_admin', 'official', 'centre_staff'],
  /** Write and submit one's own organisation's applications. */
  'funding.application.write': ['org_member'],
  /** Decide the screening (项目初筛) where the rules cannot. */
  'funding.application.screen': ['platform_admin', 'official', 'centre_staff'],
  // Review, public notice and optimisation (F5–F7).
  /** Set up a call's review panel, assign experts, close it, adjust the funding line with a reason. */
  'funding.review.manage': ['platform_admin', 'official', 'centre_staff'],
  /** An expert's own work: declare conflicts, read and score what is assigned to it; the chair returns a score. */
  'funding.review.score': ['reviewer'],
  /** Publish the results, answer objections, fix the results after the objection period. */
  'funding.notice.manage': ['platform_admin', 'official', 'centre_staff'],
  /** Revise one's own organisation's approved proposal (项目优化). */
  'funding.proposal.revise': ['org_member'],
  /** Accept a version of a proposal as the one the contract uses. */
  'funding.proposal.accept': ['platform_admin', 'official', 'centre_staff'],
  // Contracts, tranches and renewal (F8, F11); the organisation reads its own with funding.read.
  /** Draft, sign, terminate and renew contracts; accept milestones (which pays their tranches). */
  'funding.contract.manage': ['platform_admin', 'official', 'centre_staff'],
  // Monitoring and evaluation (F9, F10); monitors and evaluators are reviewer accounts assigned to a contract.
  /** Read a contract's reports, visits and evaluations: staff their region's, an organisation its own, a reviewer what is assigned to it. */
  'funding.monitoring.read': ['platform_admin', 'official', 'centre_staff', 'org_member', 'reviewer'],
  /** Set the report schedule, assign monitors and evaluators, accept or return reports, set a call's pass line. */
  'funding.monitoring.manage': ['platform_admin', 'official', 'centre_staff'],
  /** Send one's own organisation's progress reports. */
  'funding.report.submit': ['org_member'],
  /** A third-party monitor records its site visits to the contracts assigned to it. */
  'funding.visit.record': ['reviewer'],
  /** An evaluator submits (and corrects) the evaluations of the contracts assigned to it. */
  'funding.evaluation.record': ['reviewer'],
});

declare module '../permissions.js' {
  interface PermissionRegistry extends Record<keyof typeof FUNDING_PERMISSIONS, true> {}
}
