import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { enumLabel } from '../../lib/labels';

const COLORS: Record<string, string> = {
  draft: 'default',
  submitted: 'processing',
  returned: 'warning',
  filed: 'success',
  registered: 'success',
  suspended: 'orange',
  dissolved: 'default',
  approved: 'success',
  withdrawn: 'default',
};

export function StatusTag({ status, group = 'status' }: { status: string | null | undefined; group?: string }) {
  const { t } = useTranslation();
  if (!status) return <>—</>;
  return <Tag color={COLORS[status] ?? 'default'}>{enumLabel(t, group, status)}</Tag>;
}
