import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { Category } from '../../api/types';

export function useCategories() {
  return useQuery({
    queryKey: ['registry', 'categories'],
    queryFn: () => api.get<{ items: Category[] }>('/registry/categories'),
    staleTime: 5 * 60_000,
    select: (d) => [...d.items].sort((a, b) => a.sortOrder - b.sortOrder),
  });
}
