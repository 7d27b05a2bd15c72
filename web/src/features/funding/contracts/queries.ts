import { useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';

/** The contracts part's cache keys, under ['funding', 'contracts', …]. */
export const contractKeys = {
  all: ['funding', 'contracts'] as const,
  list: (query: object) => ['funding', 'contracts', 'list', query] as const,
  detail: (id: string | undefined) => ['funding', 'contracts', 'detail', id] as const,
  monitoring: (id: string | undefined) => ['funding', 'contracts', 'monitoring', id] as const,
  monitored: (query: object) => ['funding', 'contracts', 'monitored', query] as const,
  approved: (query: object) => ['funding', 'contracts', 'approved-applications', query] as const,
  proposal: (applicationId: string | undefined) => ['funding', 'contracts', 'proposal', applicationId] as const,
  funds: (region: string | undefined) => ['funding', 'contracts', 'funds', region] as const,
  fund: (id: string | null | undefined) => ['funding', 'contracts', 'fund', id] as const,
  calls: (region: string | undefined) => ['funding', 'contracts', 'calls', region] as const,
  reviewers: ['funding', 'contracts', 'reviewers'] as const,
  publicList: (query: object) => ['funding', 'contracts', 'public', query] as const,
  print: (id: string | undefined) => ['funding', 'contracts', 'print', id] as const,
};

/** A contract write moves money and to-dos: refetch every funding list, the home cards and the dashboard. */
export function useContractsRefresh() {
  const qc = useQueryClient();
  return useCallback(() => {
    void qc.invalidateQueries({ queryKey: ['funding'] });
    void qc.invalidateQueries({ queryKey: ['ledger'] });
    void qc.invalidateQueries({ queryKey: ['dashboard'] });
    void qc.invalidateQueries({ queryKey: ['home'] });
  }, [qc]);
}
