import { createContext, useCallback, useContext, useMemo, type ReactNode } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ApiError, setCsrfToken } from '../api/client';
import type { TMe as Me } from '@shared/users/schemas';

interface AuthValue {
  me: Me | null;
  loading: boolean;
  can: (permission: string) => boolean;
  signIn: (username: string, password: string) => Promise<Me>;
  signOut: () => Promise<void>;
  forget: () => void;
}

const AuthContext = createContext<AuthValue | null>(null);
export const ME_KEY = ['auth', 'me'] as const;

async function fetchMe(): Promise<Me | null> {
  try {
    const r = await api.get('/auth/me', { quiet401: true });
    setCsrfToken(r.csrfToken);
    return r.user;
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) return null;
    throw e;
  }
}

export function AuthProvider({ children }: { children: ReactNode }) {
  const qc = useQueryClient();
  const meQuery = useQuery({ queryKey: ME_KEY, queryFn: fetchMe, staleTime: 5 * 60_000, retry: 1 });
  const me = meQuery.data ?? null;

  const signIn = useCallback(
    async (username: string, password: string) => {
      const r = await api.post('/auth/login', { body: { username, password } });
      setCsrfToken(r.csrfToken);
      qc.removeQueries({ predicate: (q) => q.queryKey[0] !== 'auth' });
      qc.setQueryData(ME_KEY, r.user);
      return r.user;
    },
    [qc],
  );

  const forget = useCallback(() => {
    setCsrfToken(null);
    qc.setQueryData(ME_KEY, null);
    qc.removeQueries({ predicate: (q) => q.queryKey[0] !== 'auth' });
  }, [qc]);

  const signOut = useCallback(async () => {
    try {
      await api.post('/auth/logout');
    } finally {
      forget();
    }
  }, [forget]);

  const value = useMemo<AuthValue>(
    () => ({
      me,
      loading: meQuery.isLoading,
      can: (p: string) => !!me?.permissions.includes(p),
      signIn,
      signOut,
      forget,
    }),
    [me, meQuery.isLoading, signIn, signOut, forget],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthValue {
  const v = useContext(AuthContext);
  if (!v) throw new Error('useAuth outside AuthProvider');
  return v;
}
