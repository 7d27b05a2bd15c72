import { useQuery } from '@tanstack/react-query';
import { Alert, Skeleton, Space } from 'antd';
import { api } from '../../api/client';
import { GradePanel } from './GradePanel';
import { StagePanel } from './StagePanel';
import { StarRatingPanel } from './StarRatingPanel';

/** An organisation's grade, a team's stars and an organisation's stage: each with its history and its own action. */
export function StandingTab({ orgId }: { orgId: string }) {
  const q = useQuery({
    queryKey: ['registry', 'organization', orgId, 'standing'],
    queryFn: () => api.get('/registry/organizations/:id/standing', { params: { id: orgId } }),
  });
  if (q.isError) return <Alert type="error" showIcon title={(q.error as Error).message} />;
  if (!q.data) return <Skeleton active paragraph={{ rows: 4 }} />;
  const s = q.data;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="standing-tab">
      {s.applies.grade && <GradePanel orgId={orgId} standing={s} />}
      {s.applies.starRating && <StarRatingPanel orgId={orgId} standing={s} />}
      {s.applies.stage && <StagePanel orgId={orgId} standing={s} />}
    </Space>
  );
}
