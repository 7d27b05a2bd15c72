import { useQuery } from '@tanstack/react-query';
import { Select } from 'antd';
import { regionPrefix } from '@shared/regions';
import { api } from '../../../api/client';
import { formatFen } from './money';

/**
 * The funds that may pay a call of `regionCode`: those of its region or a region above it, for the
 * year, each with its available balance. The ledger list narrows to a subtree (below), so the funds
 * above are picked out here from the caller's whole reach.
 */
export function FundPicker({
  regionCode,
  year,
  value,
  onChange,
  availableLabel,
  placeholder,
  emptyText,
  testid,
}: {
  regionCode: string | undefined;
  year: number | undefined;
  value?: string | null;
  onChange?: (v: string | null) => void;
  /** "可用" in the part's language: the option reads "<name> · 可用 ¥…". */
  availableLabel: string;
  placeholder?: string;
  /** What to say when no fund fits: what to do next. */
  emptyText?: string;
  testid?: string;
}) {
  const query = { year, pageSize: 200 };
  const funds = useQuery({
    queryKey: ['funding', 'funds', query],
    queryFn: () => api.get('/ledger/funds', { query }),
    enabled: !!regionCode && !!year,
  });
  const options = (funds.data?.items ?? [])
    .filter((f) => !!regionCode && regionCode.startsWith(regionPrefix(f.regionCode)))
    .map((f) => ({ value: f.id, label: `${f.name} · ${availableLabel} ${formatFen(f.availableFen)}` }));
  return (
    <Select
      allowClear
      value={value ?? undefined}
      onChange={(v) => onChange?.(v ?? null)}
      loading={funds.isFetching}
      options={options}
      placeholder={placeholder}
      data-testid={testid}
      notFoundContent={funds.isFetching ? null : emptyText}
    />
  );
}
