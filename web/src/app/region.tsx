import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { useQuery } from '@tanstack/react-query';
import { api } from '../api/client';
import type { TRegion as Region } from '@shared/regions/schemas';
import { useAuth } from './auth';

const STORAGE_KEY = 'shuniu.region';

export interface RegionNode {
  value: string;
  title: string;
  disabled?: boolean;
  children?: RegionNode[];
}

interface RegionValue {
  regionCode: string | undefined;
  setRegionCode: (code: string) => void;
  regions: Region[];
  tree: RegionNode[];
  byCode: Map<string, Region>;
  loading: boolean;
}

const RegionContext = createContext<RegionValue | null>(null);

export function buildRegionTree(regions: Region[], selectableOnlyInScope = true): RegionNode[] {
  const nodes = new Map<string, RegionNode>();
  const sorted = [...regions].sort((a, b) => a.code.localeCompare(b.code));
  for (const r of sorted) {
    nodes.set(r.code, { value: r.code, title: r.name, disabled: selectableOnlyInScope && !r.inScope });
  }
  const roots: RegionNode[] = [];
  for (const r of sorted) {
    const node = nodes.get(r.code)!;
    const parent = r.parentCode ? nodes.get(r.parentCode) : undefined;
    if (parent) (parent.children ??= []).push(node);
    else roots.push(node);
  }
  return roots;
}

export function useRegionsQuery(enabled = true) {
  return useQuery({
    queryKey: ['regions'],
    queryFn: () => api.get('/regions'),
    enabled,
    staleTime: 60_000,
  });
}

export function RegionProvider({ children }: { children: ReactNode }) {
  const { me } = useAuth();
  const q = useRegionsQuery(!!me);
  const [chosen, setChosen] = useState<string | null>(() => localStorage.getItem(STORAGE_KEY));
  const regions = useMemo(() => q.data?.items ?? [], [q.data]);
  const loading = q.isLoading;
  const byCode = useMemo(() => new Map(regions.map((r) => [r.code, r])), [regions]);
  const tree = useMemo(() => buildRegionTree(regions), [regions]);

  const regionCode = useMemo(() => {
    if (!me || loading) return undefined;
    if (regions.length === 0) return chosen ?? me.grants[0]?.regionCode;
    if (chosen && byCode.get(chosen)?.inScope) return chosen;
    const granted = me.grants.map((g) => g.regionCode).find((c) => byCode.get(c)?.inScope);
    return granted ?? regions.find((r) => r.inScope)?.code;
  }, [me, loading, chosen, byCode, regions]);

  const setRegionCode = useCallback((code: string) => {
    localStorage.setItem(STORAGE_KEY, code);
    setChosen(code);
  }, []);

  const value = useMemo(
    () => ({ regionCode, setRegionCode, regions, tree, byCode, loading: q.isLoading }),
    [regionCode, setRegionCode, regions, tree, byCode, q.isLoading],
  );
  return <RegionContext.Provider value={value}>{children}</RegionContext.Provider>;
}

export function useRegion(): RegionValue {
  const v = useContext(RegionContext);
  if (!v) throw new Error('useRegion outside RegionProvider');
  return v;
}
