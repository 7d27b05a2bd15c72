import { Table, type TableProps } from 'antd';
import { useTranslation } from 'react-i18next';
import { tableEmpty } from './TableEmpty';
import type { Pager } from './usePager';

type PagedTableProps<T> = Pick<TableProps<T>, 'columns' | 'size' | 'onRow' | 'expandable' | 'rowSelection'> & {
  rows: readonly T[] | undefined;
  total: number | undefined;
  /** The API stops counting at a cap (totalCapped) and the total is then a lower bound. */
  capped?: boolean;
  pager: Pager;
  loading: boolean;
  /** The sentence shown when there are no rows. */
  empty: string;
  testid?: string;
};

/**
 * A list paged by the server, keyed by `id`. One place for the pager every list shares
 * (size changer, localized total, empty sentence) so the lists cannot drift apart.
 */
export function PagedTable<T extends { id: string | number }>({ rows, total, capped, pager, loading, empty, testid, ...rest }: PagedTableProps<T>) {
  const { t } = useTranslation();
  return (
    <Table<T>
      {...rest}
      rowKey="id"
      loading={loading}
      dataSource={rows ?? []}
      scroll={{ x: 'max-content' }}
      locale={{ emptyText: tableEmpty(empty) }}
      pagination={{
        current: pager.page,
        pageSize: pager.pageSize,
        total: total ?? 0,
        showSizeChanger: true,
        showTotal: (n) => t(capped ? 'common.totalCapped' : 'common.total', { count: n }),
        onChange: pager.onChange,
      }}
      data-testid={testid}
    />
  );
}
