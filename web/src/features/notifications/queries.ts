import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { QueryOf } from '../../api/contract';

export const NOTIFICATIONS_KEY = ['notifications'] as const;

/** The caller's notifications; the bell asks again every minute (reminders arrive from jobs, not from the user's own clicks). */
export function useNotifications(query: QueryOf<'GET /notifications'>, options: { poll?: boolean } = {}) {
  return useQuery({
    queryKey: [...NOTIFICATIONS_KEY, query],
    queryFn: () => api.get('/notifications', { query }),
    refetchInterval: options.poll ? 60_000 : false,
    refetchOnWindowFocus: options.poll ? true : undefined,
  });
}

export function useMarkRead() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.post('/notifications/:id/read', { params: { id } }),
    onSuccess: () => qc.invalidateQueries({ queryKey: NOTIFICATIONS_KEY }),
  });
}

export function useMarkAllRead() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api.post('/notifications/read-all'),
    onSuccess: () => qc.invalidateQueries({ queryKey: NOTIFICATIONS_KEY }),
  });
}
