import { AuditOutlined, CalendarOutlined, HeartOutlined } from '@ant-design/icons';
import { Alert, Button, List, Space, Statistic, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { hoursOf } from '@shared/volunteers/overview';
import type { HomeCardOf } from '../../../app/feature';
import { TodoCard } from '../../../components/TodoCard';
import { StarProgress } from '../hours/StarProgress';
import { SIGNUP_STATUS_COLOR, shiftsLabel } from '../shifts/labels';
import { chinaDateTime } from '../shifts/time';

/** The volunteers domain's home cards, one component per card kind of GET /api/home. */

/** A volunteer: its hours and star, its coming shifts; a record still waiting for the centre says so first. */
export function VolunteerSelfCard({ card }: { card: HomeCardOf<'volunteerSelf'> }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <TodoCard
      testid="home-volunteer-self"
      icon={<HeartOutlined />}
      title={t('volunteers.overview.home.self.title', { number: card.number })}
      action={card.pending ? undefined : { label: t('volunteers.overview.home.self.action'), go: () => navigate('/volunteers/my-hours'), primary: true }}
    >
      {card.pending ? (
        <Alert type="warning" showIcon title={t('volunteers.overview.home.self.pending', { region: card.regionName })} />
      ) : (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Space size={24} wrap>
            <Statistic title={t('volunteers.overview.home.self.hours')} value={hoursOf(card.approvedMinutes)} />
            <Statistic title={t('volunteers.overview.home.self.entries')} value={card.approvedEntries} />
          </Space>
          <StarProgress approvedMinutes={card.approvedMinutes} stars={card.stars} thresholdHours={card.thresholdHours} nextStarHours={card.nextStarHours} />
          <Typography.Text strong>{t('volunteers.overview.home.self.shifts')}</Typography.Text>
          {card.shifts.length === 0 ? (
            <Space wrap>
              <Typography.Text type="secondary">{t('volunteers.overview.home.self.noShifts')}</Typography.Text>
              <Button size="small" onClick={() => navigate('/volunteers/open-shifts')}>
                {t('volunteers.overview.home.self.findShifts')}
              </Button>
            </Space>
          ) : (
            <List
              size="small"
              dataSource={card.shifts}
              renderItem={(s) => (
                <List.Item style={{ paddingInline: 0, cursor: 'pointer' }} onClick={() => navigate('/volunteers/my-shifts')}>
                  <Space direction="vertical" size={0} style={{ minWidth: 0 }}>
                    <Typography.Text ellipsis>{s.activityTitle}</Typography.Text>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {`${chinaDateTime(s.startsAt)} – ${chinaDateTime(s.endsAt).slice(11)} · ${s.place}`}
                    </Typography.Text>
                  </Space>
                  <Tag color={SIGNUP_STATUS_COLOR[s.signupStatus]}>{shiftsLabel(t, 'signupStatus', s.signupStatus)}</Tag>
                </List.Item>
              )}
            />
          )}
        </Space>
      )}
    </TodoCard>
  );
}

/** A team leader: its teams' shifts of the next 14 days with places still to fill. */
export function VolunteerTeamShiftsCard({ card }: { card: HomeCardOf<'volunteerTeamShifts'> }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <TodoCard
      testid="home-volunteer-team-shifts"
      icon={<CalendarOutlined />}
      title={t('volunteers.overview.home.team.title', { teams: card.teams.map((x) => x.name).join('、') })}
      action={{ label: t('volunteers.overview.home.team.action'), go: () => navigate('/volunteers/open-shifts'), primary: card.count > 0 }}
    >
      <Typography.Text type="secondary">
        {card.count ? t('volunteers.overview.home.team.count', { count: card.count }) : t('volunteers.overview.home.team.none')}
      </Typography.Text>
      <List
        size="small"
        dataSource={card.shifts}
        renderItem={(s) => (
          <List.Item style={{ paddingInline: 0, cursor: 'pointer' }} onClick={() => navigate(`/volunteers/activities/${s.activityId}`)}>
            <Space direction="vertical" size={0} style={{ minWidth: 0 }}>
              <Typography.Text ellipsis>{s.activityTitle}</Typography.Text>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {`${chinaDateTime(s.startsAt)} · ${s.teamName}`}
              </Typography.Text>
            </Space>
            <Tag color="orange">{t('volunteers.overview.home.team.filled', { filled: s.filled, quota: s.quota })}</Tag>
          </List.Item>
        )}
      />
    </TodoCard>
  );
}

/** Where each staff to-do is done in the web app (the card's own link names a page only some of these have). */
const STAFF_TODO_PAGE: Record<string, string> = {
  registrations: '/volunteers?status=pending',
  hours: '/volunteers/hours/pending',
  shifts: '/volunteers/activities',
};

/** Centre staff: registrations to confirm, hours to approve, shifts short of volunteers. */
export function VolunteerStaffTodosCard({ card }: { card: HomeCardOf<'volunteerStaffTodos'> }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <TodoCard testid="home-volunteer-staff" icon={<AuditOutlined />} title={t('volunteers.overview.home.staff.title')}>
      <List
        size="small"
        dataSource={card.items}
        renderItem={(i) => (
          <List.Item
            style={{ paddingInline: 0 }}
            actions={[
              <Button key="go" size="small" type={i.count ? 'primary' : 'default'} onClick={() => navigate(STAFF_TODO_PAGE[i.key] ?? i.link)} data-testid={`home-volunteer-todo-${i.key}`}>
                {t(`volunteers.overview.home.staff.go.${i.key}`)}
              </Button>,
            ]}
          >
            <Space>
              <Statistic value={i.count} styles={{ content: { fontSize: 20, color: i.count ? '#c0392b' : undefined } }} />
              <Typography.Text>{t(`volunteers.overview.home.staff.item.${i.key}`)}</Typography.Text>
            </Space>
          </List.Item>
        )}
      />
    </TodoCard>
  );
}
