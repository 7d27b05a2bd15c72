import { declarePermissions } from '../permissions.js';

/** The fund ledger's routes: read a region's funds, open one with its appropriation. */
export const LEDGER_PERMISSIONS = declarePermissions('ledger', {
  'ledger.read': ['platform_admin', 'official', 'centre_staff'],
  'ledger.fund.open': ['platform_admin', 'official'],
});

declare module '../permissions.js' {
  interface PermissionRegistry extends Record<keyof typeof LEDGER_PERMISSIONS, true> {}
}
