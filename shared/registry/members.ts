import { z } from 'zod';
import { optionalText, text } from '../contract.js';
import { ZPastBusinessDate } from '../dates.js';
import { AGE_BANDS, MEMBER_ROLES } from '../registry.js';

const ZMemberFields = z.object({
  name: text(50).min(1),
  phone: optionalText(20),
  idNumber: optionalText(18),
  gender: z.enum(['male', 'female']).nullish(),
  role: z.enum(MEMBER_ROLES),
  /** Taken from the ID number when one is given (a different date is refused); never shown back. */
  birthDate: ZPastBusinessDate.nullish(),
  /** For someone without a birth date only: the band as entered (an import sheet may give no more). */
  ageBand: z.enum(AGE_BANDS).nullish(),
  isPartyMember: z.boolean(),
  joinedOn: ZPastBusinessDate.nullish(),
});
export const ZMemberBody = ZMemberFields.extend({
  role: ZMemberFields.shape.role.default('member'),
  isPartyMember: ZMemberFields.shape.isPartyMember.default(false),
});
export const ZUpdateMemberBody = ZMemberFields.partial();
export type TMemberBody = z.infer<typeof ZMemberBody>;
export type TUpdateMemberBody = z.infer<typeof ZUpdateMemberBody>;

export const ZMember = z.object({
  id: z.string(),
  organizationId: z.string(),
  name: z.string(),
  /** Masked. */
  phone: z.string().nullable(),
  /** Masked. */
  idNumber: z.string().nullable(),
  gender: z.string().nullable(),
  role: z.string(),
  /** On the day asked (China), from the birth date; or the band entered by hand when there is no birth date. */
  ageBand: z.string().nullable(),
  /** Set when `ageBand` is a band entered by hand, not derived: the day it was entered. */
  ageBandEnteredOn: z.string().nullable(),
  isPartyMember: z.boolean(),
  joinedOn: z.string().nullable(),
});
export type TMember = z.infer<typeof ZMember>;

export const ZMemberIdParams = z.object({ memberId: z.string().uuid() });

/** A page of a roster (and of the compliance list). */
export const ZPageQuery = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
});

/** A person's identifiers in full: what `personal.reveal` shows in place of the masked forms. */
export const ZIdentity = z.object({ idNumber: z.string().nullable().optional(), phone: z.string().nullable().optional() });
export type TIdentity = z.infer<typeof ZIdentity>;
/** Ask for one identifier only (the one the user clicked), so no more is revealed than is looked at. */
export const ZIdentityQuery = z.object({ field: z.enum(['idNumber', 'phone']).optional() });
export type TIdentityField = NonNullable<z.infer<typeof ZIdentityQuery>['field']>;
