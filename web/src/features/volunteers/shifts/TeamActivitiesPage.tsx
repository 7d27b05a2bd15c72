import { ClockCircleOutlined, EnvironmentOutlined, QrcodeOutlined, TeamOutlined, UnorderedListOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Empty, Space, Spin, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { CHECK_OUT_CLOSES_AFTER_MS, type TLedActivity, type TShift } from '@shared/volunteers/shifts';
import { api } from '../../../api/client';
import { ACTIVITY_STATUS_COLOR, shiftsLabel } from './labels';
import { shiftKeys } from './queries';
import { freePlaces, useShiftWhen } from './ShiftCard';
import { ShiftSignupsDrawer } from './ShiftSignupsDrawer';
import './shifts.css';

/**
 * 本队活动 (a team leader, on a phone): its teams' activities with the shifts to come, places still
 * to fill, and for each shift the attendance list and the venue's QR screen.
 */
export function TeamActivitiesPage() {
  const { t } = useTranslation();
  const q = useQuery({ queryKey: shiftKeys.led, queryFn: () => api.get('/volunteers/my/led-activities') });
  const [listing, setListing] = useState<{ shift: TShift; title: string } | null>(null);
  const shown = listing ? (q.data?.items.flatMap((i) => i.shifts).find((s) => s.id === listing.shift.id) ?? listing.shift) : null;
  return (
    <div style={{ maxWidth: 760 }}>
      <div className="page-toolbar">
        <Typography.Title level={4} style={{ margin: 0 }} className="grow">
          {t('volunteers.shifts.team.title')}
        </Typography.Title>
      </div>
      {q.data && q.data.teams.length > 0 && (
        <Typography.Paragraph type="secondary" data-testid="team-names">
          <TeamOutlined /> {t('volunteers.shifts.team.leads', { teams: q.data.teams.map((x) => x.name).join('、') })}
        </Typography.Paragraph>
      )}
      {q.isError && <Alert type="error" showIcon title={(q.error as Error).message} />}
      {q.isPending && <Spin style={{ display: 'block', margin: 32 }} />}
      {q.data && q.data.items.length === 0 && (
        <Card>
          <Empty description={t(q.data.teams.length ? 'volunteers.shifts.team.empty' : 'volunteers.shifts.team.notLeader')} />
        </Card>
      )}
      <div className="vol-shift-list" data-testid="team-activities">
        {q.data?.items.map((item) => <TeamActivityCard key={item.activity.id} item={item} onList={(shift, title) => setListing({ shift, title })} />)}
      </div>
      <ShiftSignupsDrawer shift={shown} title={listing?.title ?? ''} canRecord={shown?.status === 'open'} onClose={() => setListing(null)} />
    </div>
  );
}

function TeamActivityCard({ item, onList }: { item: TLedActivity; onList: (shift: TShift, title: string) => void }) {
  const { t } = useTranslation();
  const when = useShiftWhen();
  const { activity: a } = item;
  const now = Date.now();
  // The venue's code works from 30 minutes before the start until check-out closes.
  const qrOpen = (s: TShift) => a.status === 'published' && now < new Date(s.endsAt).getTime() + CHECK_OUT_CLOSES_AFTER_MS;
  return (
    <Card className="vol-shift-card" data-testid="team-activity">
      <div className="vol-shift-card-title">
        <Link to={`/volunteers/activities/${a.id}`}>{a.title}</Link> <Tag color={ACTIVITY_STATUS_COLOR[a.status]}>{shiftsLabel(t, 'activityStatus', a.status)}</Tag>
      </div>
      <div className="vol-shift-card-line">
        <Tag bordered={false}>{shiftsLabel(t, 'activityType', a.type)}</Tag>
        {a.teamName && <span>{a.teamName}</span>}
      </div>
      <div className="vol-shift-card-line">
        <EnvironmentOutlined /> {a.place}
      </div>
      {item.shifts.map((s) => {
        const free = freePlaces(s);
        return (
          <div key={s.id} className="vol-team-shift" data-testid="team-shift">
            <div className="vol-shift-card-line">
              <ClockCircleOutlined /> {when(s)}
            </div>
            <div className="vol-shift-card-line">
              {free > 0 ? (
                <Tag color="orange">{t('volunteers.shifts.team.toFill', { free, quota: s.quota })}</Tag>
              ) : (
                <Tag color="green">{t('volunteers.shifts.team.full', { quota: s.quota })}</Tag>
              )}
              {s.counts.waiting > 0 && <Tag>{t('volunteers.shifts.counts.waiting', { count: s.counts.waiting })}</Tag>}
              {(s.counts.checkedIn > 0 || s.counts.checkedOut > 0) && (
                <span>{t('volunteers.shifts.shift.attendanceSummary', { in: s.counts.checkedIn, out: s.counts.checkedOut, noShow: s.counts.noShow })}</span>
              )}
            </div>
            <Space size={8} wrap style={{ marginTop: 6 }}>
              <Button size="small" icon={<UnorderedListOutlined />} onClick={() => onList(s, `${a.title} · ${when(s)}`)} data-testid="team-shift-signups">
                {t('volunteers.shifts.team.attendance')}
              </Button>
              {qrOpen(s) && (
                <Button size="small" icon={<QrcodeOutlined />} href={`/volunteers/shifts/${s.id}/qr`} target="_blank" data-testid="team-shift-qr">
                  {t('volunteers.shifts.shift.qr')}
                </Button>
              )}
            </Space>
          </div>
        );
      })}
    </Card>
  );
}
