import type { DomainMessages } from '../../i18n/index.js';

/** The shifts part's words in the server's messages (field labels, problems, names). */
export const shiftsMessages: DomainMessages = {};
