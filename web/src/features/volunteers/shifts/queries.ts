import { useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';

/** The shifts part's cache keys, under ['volunteers', 'shifts', …]. */
export const shiftKeys = {
  all: ['volunteers', 'shifts'] as const,
  activities: (query: object) => ['volunteers', 'shifts', 'activities', query] as const,
  activity: (id: string | undefined) => ['volunteers', 'shifts', 'activity', id] as const,
  signups: (shiftId: string | undefined) => ['volunteers', 'shifts', 'signups', shiftId] as const,
  shift: (shiftId: string | undefined) => ['volunteers', 'shifts', 'shift', shiftId] as const,
  led: ['volunteers', 'shifts', 'led'] as const,
  ledTeams: ['volunteers', 'shifts', 'led-teams'] as const,
  qr: (shiftId: string | undefined) => ['volunteers', 'shifts', 'qr', shiftId] as const,
  open: (query: object) => ['volunteers', 'shifts', 'open', query] as const,
  mine: ['volunteers', 'shifts', 'mine'] as const,
  teams: ['volunteers', 'shifts', 'teams'] as const,
};

/** A sign-up or attendance changes counts, hours and the home cards: refetch the whole domain. */
export function useVolunteersRefresh() {
  const qc = useQueryClient();
  return useCallback(() => {
    void qc.invalidateQueries({ queryKey: ['volunteers'] });
    void qc.invalidateQueries({ queryKey: ['home'] });
    void qc.invalidateQueries({ queryKey: ['dashboard'] });
  }, [qc]);
}
