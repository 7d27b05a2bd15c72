import { ROLES_TO_COME, ZRoleIntroCard, type THomeCard, type TRoleIntroCard } from '../../../../shared/home/schemas.js';
import type { Ctx } from '../../core/actor.js';
import type { DomainModule } from '../../core/domain.js';
import type { HomeContribution } from '../../core/home.js';
import { getRegion } from '../regions/regions.service.js';

type Contributor = { name: string; home: HomeContribution };

/**
 * For a role whose work is not on the platform yet (a unit), words saying
 * what it will do here and whom to ask: the home domain's own cards.
 */
async function roleIntroCards(ctx: Ctx): Promise<TRoleIntroCard[]> {
  const cards: TRoleIntroCard[] = [];
  for (const role of ROLES_TO_COME) {
    const grant = ctx.actor.grants.find((g) => g.role === role);
    if (!grant) continue;
    const region = await getRegion(ctx.db, grant.regionCode);
    cards.push({ kind: 'roleIntro', role, regionName: region?.name ?? null });
  }
  return cards;
}

/** After every domain's to-dos: an introduction is for a role with none yet. */
export const homeOwnCards: HomeContribution = { schema: ZRoleIntroCard, cards: roleIntroCards, order: 100 };

/** The domains with cards, by their order, then name (the home domain's own come from its manifest too). */
export function contributors(domains: readonly DomainModule[]): Contributor[] {
  return domains
    .filter((d): d is DomainModule & Contributor => !!d.home)
    .map((d) => ({ name: d.name, home: d.home }))
    .sort((a, b) => (a.home.order ?? 0) - (b.home.order ?? 0));
}

/**
 * The cards of the caller's home page: each domain's to-dos for the roles the caller holds, each
 * card parsed through its domain's schema. Other domains are read through their services only.
 */
export async function homeCards(ctx: Ctx, domains: readonly Contributor[]): Promise<THomeCard[]> {
  const groups = await Promise.all(domains.map(async (d) => (await d.home.cards(ctx)).map((card) => d.home.schema.parse(card) as THomeCard)));
  return groups.flat();
}

/** What the cards depend on besides the data: who asks (with which grants), in which language, and what each domain's cards are about. */
export function homeKey(ctx: Ctx, domains: readonly Contributor[]) {
  return JSON.stringify([ctx.actor.id, ctx.actor.grants, ctx.locale, domains.map((d) => [d.name, d.home.key?.() ?? null])]);
}
