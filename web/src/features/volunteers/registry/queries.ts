import type { TTeamListQuery, TVolunteerListQuery } from '@shared/volunteers/registry';

/** The registry part's cache keys, under ['volunteers', 'registry', …]. */
export const registryKeys = {
  all: ['volunteers', 'registry'] as const,
  list: (q: Partial<TVolunteerListQuery>) => ['volunteers', 'registry', 'list', q] as const,
  pendingCount: (region: string | undefined) => ['volunteers', 'registry', 'pending-count', region] as const,
  detail: (id: string) => ['volunteers', 'registry', 'detail', id] as const,
  me: ['volunteers', 'registry', 'me'] as const,
  teams: (q: Partial<TTeamListQuery>) => ['volunteers', 'registry', 'teams', q] as const,
  team: (id: string) => ['volunteers', 'registry', 'team', id] as const,
  members: (id: string) => ['volunteers', 'registry', 'members', id] as const,
  streets: (q: string) => ['volunteers', 'registry', 'streets', q] as const,
  pick: (q: string, region: string) => ['volunteers', 'registry', 'pick', q, region] as const,
  socialWorkers: (region: string) => ['volunteers', 'registry', 'social-workers', region] as const,
};
