/**
 * What other domains may read of the registry: its public service. Each function applies the
 * caller's scope (or, for the jobs, reads what a reminder needs and nothing more); other domains
 * import from here only, never the registry's tables, queries or internal services.
 */
export { findOrganizationInScope, organizationNames, organizationPlaces } from './registry.queries.js';
export { filingsAwaitingReview, gradesExpiring, reportsMissing, teamTodos, teamsWithoutReport } from './service/reminders.js';
export { organizationFacts, type OrganizationFacts } from './service/organization-facts.js';
