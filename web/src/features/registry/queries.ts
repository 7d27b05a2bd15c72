import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';

/** Everything the registry caches is under ['registry', …]; a registry write refreshes `all` (and the dashboard's figures). */
export const registryKeys = {
  all: ['registry'],
  categories: ['registry', 'categories'],
} as const;

export function useCategories() {
  return useQuery({
    queryKey: registryKeys.categories,
    queryFn: () => api.get('/registry/categories'),
    staleTime: 5 * 60_000,
    select: (d) => [...d.items].sort((a, b) => a.sortOrder - b.sortOrder),
  });
}
