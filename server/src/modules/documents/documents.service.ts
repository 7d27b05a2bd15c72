/**
 * What other domains call of the documents domain: the certificate a record's change makes void,
 * inside the caller's write unit.
 */
export { retireFilingCertificate } from './filing-certificate.js';
