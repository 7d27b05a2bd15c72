import type { z } from 'zod';
import type { Ctx } from './actor.js';

/**
 * A domain's cards on each user's home page: its to-dos for the roles the user holds. Cards are
 * parsed through the domain's own schema (shared/<domain>/home.ts) before they are sent.
 */
export interface HomeContribution {
  schema: z.ZodType;
  cards(ctx: Ctx): Promise<unknown[]>;
  /** What the cards depend on besides who asks and the data (the months they are about, say). */
  key?: () => unknown;
  /** Where its cards stand among the domains' (lower first; 0 by default, then by domain name). */
  order?: number;
}
