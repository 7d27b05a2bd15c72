import { z } from 'zod';
import { ROLES } from '../roles.js';
import { ZRegionCode } from '../contract.js';

export const LOCALES = ['zh-CN', 'en', 'zh-TW'] as const;
export const ZLocale = z.enum(LOCALES);
export type TLocale = z.infer<typeof ZLocale>;

export const ZLoginBody = z.object({
  /** Sign-in name. */
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(200),
});

export const ZGrantInput = z.object({
  role: z.enum(ROLES),
  /** The region subtree the grant covers. */
  regionCode: ZRegionCode,
  /** For organisation members: the one organisation they act for. */
  organizationId: z.string().uuid().nullish(),
});
export type TGrantInput = z.input<typeof ZGrantInput>;

/** A grant of the signed-in user, with the names the header shows. */
export const ZGrant = z.object({
  id: z.string(),
  role: z.enum(ROLES),
  regionCode: z.string(),
  regionName: z.string().nullable(),
  organizationId: z.string().nullable(),
  organizationName: z.string().nullable(),
});
export type TGrant = z.infer<typeof ZGrant>;

export const ZMe = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  /** One of LOCALES; the column holds what ZLocale let in, but is text. */
  locale: z.string(),
  permissions: z.array(z.string()),
  grants: z.array(ZGrant),
});
export type TMe = z.infer<typeof ZMe>;

export const ZMeResponse = z.object({ user: ZMe, csrfToken: z.string() });
export type TMeResponse = z.infer<typeof ZMeResponse>;

export const ZPasswordBody = z.object({
  currentPassword: z.string().min(1),
  newPassword: z.string().min(1).max(200),
});

export const ZLocaleBody = z.object({ locale: ZLocale });

export const ZUserListQuery = z.object({
  q: z.string().trim().max(50).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});

/** A grant as the user list shows it: what the administrator gave. */
export const ZUserGrant = z.object({
  role: z.enum(ROLES),
  regionCode: z.string(),
  organizationId: z.string().nullable(),
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
  grants: z.array(ZUserGrant),
  /** Whether the signed-in user may edit this account (it could give every grant the account holds). */
  manageable: z.boolean(),
});
export type TUser = z.infer<typeof ZUser>;

export const ZCreateUserBody = z.object({
  username: z.string().trim().min(3).max(64).regex(/^[a-zA-Z0-9._-]+$/),
  displayName: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(200),
  homeRegionCode: ZRegionCode,
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
