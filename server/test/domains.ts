// The app registers every domain's declarations when it is built (app.ts); a test that calls a
// service or a job without building the app gets the same ones: permissions, audit events, file owners.
import { registerDomains } from '../src/core/domain.js';
import { loadDomains } from '../src/domains.js';

registerDomains(await loadDomains());
