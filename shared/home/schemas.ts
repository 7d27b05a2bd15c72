import { z } from 'zod';

/** Roles whose domain is not built yet: their home explains in words what they will do here. */
export const ROLES_TO_COME = ['unit'] as const;

/** A unit: what this platform will let them do, and whom to ask meanwhile. */
const ZRoleIntro = z.object({
  kind: z.literal('roleIntro'),
  role: z.enum(ROLES_TO_COME),
  /** The region of the grant: its service centre is whom to contact. */
  regionName: z.string().nullable(),
});

export const ZRoleIntroCard = ZRoleIntro;
export type TRoleIntroCard = z.infer<typeof ZRoleIntro>;

/**
 * The cards of every domain, by domain: each shared/<domain>/home.ts adds its union here
 * (declaration merging), so the web app's card components are typed without a list to edit.
 */
export interface HomeCardRegistry {
  home: TRoleIntroCard;
}
export type THomeCard = HomeCardRegistry[keyof HomeCardRegistry];

/**
 * A card as sent: its kind and its fields. Each domain parses its own cards through its own
 * schema before they are sent (server/src/core/home.ts), so nothing undeclared leaves.
 */
export const ZHomeCard = z.object({ kind: z.string() }).loose();

export const ZHome = z.object({ cards: z.array(ZHomeCard) });
export type THome = { cards: THomeCard[] };
