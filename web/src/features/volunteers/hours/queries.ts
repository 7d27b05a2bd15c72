import { useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';

/** The hours part's cache keys, under ['volunteers', 'hours', …]. */
export const hoursKeys = {
  all: ['volunteers', 'hours'] as const,
  pending: (query: object) => ['volunteers', 'hours', 'pending', query] as const,
  entries: (query: object) => ['volunteers', 'hours', 'entries', query] as const,
  totals: (volunteerId: string | undefined) => ['volunteers', 'hours', 'totals', volunteerId] as const,
  honours: (volunteerId: string | undefined) => ['volunteers', 'hours', 'honours', volunteerId] as const,
  stars: (code: string | undefined) => ['volunteers', 'hours', 'stars', code] as const,
  rankings: (kind: string, query: object) => ['volunteers', 'hours', 'rankings', kind, query] as const,
  me: ['volunteers', 'hours', 'me'] as const,
};

/** A decision, an entry or a reversal changes totals, stars, statistics and the home cards: refetch them all. */
export function useHoursRefresh() {
  const qc = useQueryClient();
  return useCallback(() => {
    void qc.invalidateQueries({ queryKey: ['volunteers'] });
    void qc.invalidateQueries({ queryKey: ['home'] });
    void qc.invalidateQueries({ queryKey: ['dashboard'] });
  }, [qc]);
}
