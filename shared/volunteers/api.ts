/**
 * The volunteers domain's contracts (V1–V5), one file per part, re-exported here so the contract
 * checks and the web client find them all.
 */
export { volunteerRegistryRoutes } from './api-registry.js';
export { volunteerShiftRoutes } from './api-shifts.js';
export { volunteerHoursRoutes } from './api-hours.js';
export { volunteerOverviewRoutes } from './api-overview.js';
