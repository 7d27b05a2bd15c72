import { Alert, Typography } from 'antd';
import { AuditOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { HomeCardOf } from '../../app/feature';
import { TodoCard } from '../../components/TodoCard';

/** Reviewer, volunteer, unit: what the platform will let them do, and whom to ask meanwhile. */
export function RoleIntroCard({ card }: { card: HomeCardOf<'roleIntro'> }) {
  const { t } = useTranslation();
  return (
    <TodoCard testid="home-role-intro" icon={<AuditOutlined />} title={t(`home.roleIntro.title.${card.role}`)}>
      <Typography.Paragraph>{t(`home.roleIntro.what.${card.role}`)}</Typography.Paragraph>
      <Alert type="info" showIcon title={t('home.roleIntro.soon')} style={{ marginBottom: 12 }} />
      <Typography.Paragraph style={{ marginBottom: 0 }}>
        {card.regionName ? t('home.roleIntro.contact', { region: card.regionName }) : t('home.roleIntro.contactAnywhere')}
      </Typography.Paragraph>
    </TodoCard>
  );
}
