import { z } from 'zod';
import { ROLES } from '../../../../shared/roles.js';

export const ZLocale = z.enum(['zh-CN', 'en', 'zh-TW']);

export const ZLoginBody = z.object({
  /** Sign-in name. */
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(200),
});

export const ZGrantInput = z.object({
  role: z.enum(ROLES),
  /** The region subtree the grant covers. */
  regionCode: z.string().regex(/^\d{12}$/),
  /** For organisation members: the one organisation they act for. */
  organizationId: z.string().uuid().nullish(),
});

export const ZGrant = z.object({
  id: z.string(),
  role: z.enum(ROLES),
  regionCode: z.string(),
  regionName: z.string().nullable(),
  organizationId: z.string().nullable(),
  organizationName: z.string().nullable(),
});

export const ZMe = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  locale: z.string(),
  permissions: z.array(z.string()),
  grants: z.array(ZGrant),
});

export const ZMeResponse = z.object({ user: ZMe, csrfToken: z.string() });

export const ZPasswordBody = z.object({
  currentPassword: z.string().min(1),
  newPassword: z.string().min(1).max(200),
});

export const ZUserListQuery = z.object({
  q: z.string().trim().max(50).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});

export const ZUser = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  /** Masked (138****5678), as people's phones are everywhere. */
  phone: z.string().nullable(),
  active: z.boolean(),
  homeRegionCode: z.string(),
  lockedUntil: z.string().nullable(),
  grants: z.array(ZGrantInput.extend({ organizationId: z.string().nullable() })),
  /** Whether the signed-in user may edit this account (it could give every grant the account holds). */
  manageable: z.boolean(),
});

export const ZCreateUserBody = z.object({
  username: z.string().trim().min(3).max(64).regex(/^[a-zA-Z0-9._-]+$/),
  displayName: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(200),
  homeRegionCode: z.string().regex(/^\d{12}$/),
  phone: z.string().trim().max(20).nullish(),
  grants: z.array(ZGrantInput).min(1).max(20),
});

export const ZUpdateUserBody = z.object({
  displayName: z.string().trim().min(1).max(64).optional(),
  active: z.boolean().optional(),
  password: z.string().min(1).max(200).optional(),
  phone: z.string().trim().max(20).nullish(),
  grants: z.array(ZGrantInput).min(1).max(20).optional(),
});

export type TCreateUserBody = z.infer<typeof ZCreateUserBody>;
export type TUpdateUserBody = z.infer<typeof ZUpdateUserBody>;
