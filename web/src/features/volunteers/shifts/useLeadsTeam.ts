import { useQuery } from '@tanstack/react-query';
import { api } from '../../../api/client';
import { useAuth } from '../../../app/auth';
import { shiftKeys } from './queries';

/** Whether the signed-in user leads a volunteer team (the menu shows 本队活动 only then); cached, asked once. */
export function useLeadsTeam(): boolean {
  const { me } = useAuth();
  const q = useQuery({
    queryKey: shiftKeys.ledTeams,
    queryFn: () => api.get('/volunteers/my/led-teams'),
    enabled: !!me?.permissions.includes('volunteers.signup'),
    staleTime: 5 * 60_000,
  });
  return (q.data?.items.length ?? 0) > 0;
}
