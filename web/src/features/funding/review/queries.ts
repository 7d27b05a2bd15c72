import { useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { fundingKeys } from '../queries';

/** What the review part caches: panels, the expert's work, notices and proposals, all under ['funding', 'review', …]. */
export const reviewKeys = {
  all: ['funding', 'review'],
  calls: (query: object) => ['funding', 'review', 'calls', query],
  call: (callId: string) => ['funding', 'review', 'call', callId],
  panelOfCall: (callId: string) => ['funding', 'review', 'panel', callId],
  ranking: (panelId: string) => ['funding', 'review', 'ranking', panelId],
  screenedIn: (callId: string) => ['funding', 'review', 'screened-in', callId],
  reviewers: ['funding', 'review', 'reviewers'],
  myPanels: ['funding', 'review', 'my', 'panels'],
  applicants: (panelId: string) => ['funding', 'review', 'my', 'applicants', panelId],
  myAssignments: ['funding', 'review', 'my', 'assignments'],
  application: (applicationId: string) => ['funding', 'review', 'application', applicationId],
  notices: (query: object) => ['funding', 'review', 'notices', query],
  notice: (callId: string) => ['funding', 'review', 'notice', callId],
  publicNotices: ['funding', 'review', 'public', 'notices'],
  publicNotice: (id: string) => ['funding', 'review', 'public', 'notice', id],
  proposals: (query: object) => ['funding', 'review', 'proposals', query],
  proposal: (applicationId: string) => ['funding', 'review', 'proposal', applicationId],
  diff: (applicationId: string, from: number, to: number) => ['funding', 'review', 'diff', applicationId, from, to],
} as const;

/** After a funding write: every funding list and record may have moved (an assignment moves an application into review …). */
export function useRefreshFunding() {
  const qc = useQueryClient();
  return useCallback(() => {
    void qc.invalidateQueries({ queryKey: fundingKeys.all });
    void qc.invalidateQueries({ queryKey: ['home'] });
  }, [qc]);
}
