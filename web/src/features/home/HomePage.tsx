import { Suspense, useEffect, type ComponentType } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Col, Empty, Row, Skeleton, Typography } from 'antd';
import { QuestionCircleOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { THomeCard } from '@shared/home/schemas';
import { api } from '../../api/client';
import { useAuth } from '../../app/auth';
import { HOME_CARDS } from '../../app/features';
import { preload } from '../../app/feature';
import { TodoCard } from '../../components/TodoCard';
import { homeKeys } from './queries';

/** A card no feature renders (a server newer than this page): say so rather than show nothing. */
function UnknownCard() {
  const { t } = useTranslation();
  return (
    <TodoCard
      testid="home-unknown-card"
      icon={<QuestionCircleOutlined />}
      title={t('home.unknownCard.title')}
      action={{ label: t('home.unknownCard.reload'), go: () => window.location.reload() }}
    >
      <Typography.Paragraph style={{ marginBottom: 0 }}>{t('home.unknownCard.text')}</Typography.Paragraph>
    </TodoCard>
  );
}

/** Each card is drawn by the feature that declared its kind (`homeCards` in features/<name>/feature.tsx). */
function HomeCard({ card }: { card: THomeCard }) {
  const Render = HOME_CARDS[card.kind] as ComponentType<{ card: THomeCard }> | undefined;
  if (!Render) return <UnknownCard />;
  return (
    <Suspense fallback={<Card loading style={{ height: '100%' }} />}>
      <Render card={card} />
    </Suspense>
  );
}

/** The landing page after sign-in: the to-dos of each role the user holds. */
export function HomePage() {
  const { t } = useTranslation();
  const { me } = useAuth();
  const q = useQuery({ queryKey: homeKeys.all, queryFn: () => api.get('/home') });
  // The cards' code loads while the cards are being asked for.
  useEffect(() => Object.values(HOME_CARDS).forEach(preload), []);
  if (q.isError) return <Alert type="error" showIcon title={(q.error as Error).message} />;
  return (
    <div data-testid="home">
      <Typography.Title level={4} style={{ marginTop: 4 }}>
        {t('home.greeting', { name: me?.displayName ?? '' })}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('home.subtitle')}</Typography.Paragraph>
      {!q.data ? (
        <Skeleton active paragraph={{ rows: 6 }} />
      ) : q.data.cards.length === 0 ? (
        <Card>
          <Empty description={t('home.empty')} />
        </Card>
      ) : (
        <Row gutter={[16, 16]}>
          {/* Each card was parsed through its domain's schema (shared/<domain>/home.ts) before it was sent. */}
          {(q.data.cards as THomeCard[]).map((card, i) => (
            <Col key={`${card.kind}-${i}`} xs={24} md={12} xl={8}>
              <HomeCard card={card} />
            </Col>
          ))}
        </Row>
      )}
    </div>
  );
}
