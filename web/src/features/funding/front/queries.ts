import { useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';

/** The front's cache keys, under ['funding', 'front', …]. */
export const frontKeys = {
  all: ['funding', 'front'] as const,
  needs: (query: object) => ['funding', 'front', 'needs', query] as const,
  need: (id: string | undefined) => ['funding', 'front', 'need', id] as const,
  topics: (query: object) => ['funding', 'front', 'topics', query] as const,
  settings: (region: string | undefined) => ['funding', 'front', 'settings', region] as const,
  calls: (query: object) => ['funding', 'front', 'calls', query] as const,
  call: (id: string | undefined) => ['funding', 'front', 'call', id] as const,
  publicCalls: (query: object) => ['funding', 'front', 'public-calls', query] as const,
  publicCall: (id: string | undefined) => ['funding', 'front', 'public-call', id] as const,
  applications: (query: object) => ['funding', 'front', 'applications', query] as const,
  application: (id: string | undefined) => ['funding', 'front', 'application', id] as const,
};

/** A funding write can change any list of the pipeline (and the dashboard): refetch them all. */
export function useFundingRefresh() {
  const qc = useQueryClient();
  return useCallback(() => {
    void qc.invalidateQueries({ queryKey: ['funding'] });
    void qc.invalidateQueries({ queryKey: ['dashboard'] });
    void qc.invalidateQueries({ queryKey: ['home'] });
  }, [qc]);
}
