import { FileProtectOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Empty, InputNumber, Pagination, Skeleton, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { api } from '../../../api/client';
import { LanguageSwitcher } from '../../../components/LanguageSwitcher';
import { formatFen } from '../shared/money';
import { CONTRACT_STATUS_COLOR, contractsLabel } from './labels';
import { contractKeys } from './queries';
import './contracts.css';

const PAGE_SIZE = 20;

/**
 * 合同公告 (public, phone first): the contracts signed with public money — purchaser, provider,
 * project, amount, term — for anyone to read; no person is named.
 */
export function PublicContractsPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const year = Number(params.get('year')) || undefined;
  const region = params.get('region') ?? undefined;
  const page = Number(params.get('page')) || 1;
  const query = { year, region, page, pageSize: PAGE_SIZE };
  const q = useQuery({ queryKey: contractKeys.publicList(query), queryFn: () => api.get('/funding/public/contracts', { query }), placeholderData: (p) => p });
  const set = (key: string, value: string | undefined) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    if (key !== 'page') next.delete('page');
    setParams(next, { replace: true });
  };
  return (
    <div className="contract-public">
      <div className="contract-public-column">
        <div className="contract-public-header">
          <Typography.Text strong>
            <FileProtectOutlined /> {t('app.name')} · {t('funding.contracts.public.title')}
          </Typography.Text>
          <LanguageSwitcher />
        </div>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('funding.contracts.public.title')}
        </Typography.Title>
        <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
          {t('funding.contracts.public.intro')}
        </Typography.Paragraph>
        <div>
          <InputNumber
            placeholder={t('funding.contracts.public.year')}
            min={2000}
            max={2100}
            value={year ?? null}
            onChange={(v) => set('year', v ? String(v) : undefined)}
            style={{ width: 140 }}
            data-testid="public-contracts-year"
          />
        </div>
        {q.isError && <Alert type="error" showIcon title={(q.error as Error).message} />}
        {!q.data && !q.isError && <Skeleton active />}
        {q.data?.items.length === 0 && <Empty description={year ? t('funding.contracts.public.emptyYear', { year }) : t('funding.contracts.public.empty')} />}
        {q.data?.items.map((c) => (
          <Card key={c.contractNumber} size="small" className="contract-public-card" data-testid="public-contract">
            <div className="contract-card-head">
              <Typography.Text strong>{c.title}</Typography.Text>
              <Tag color={CONTRACT_STATUS_COLOR[c.status]}>{contractsLabel(t, 'contractStatus', c.status)}</Tag>
            </div>
            <dl className="contract-public-facts">
              <dt>{t('funding.contracts.field.contractNumber')}</dt>
              <dd>{c.contractNumber}</dd>
              <dt>{t('funding.contracts.field.purchaser')}</dt>
              <dd>{c.purchaserName}</dd>
              <dt>{t('funding.contracts.field.provider')}</dt>
              <dd>{c.providerName}</dd>
              <dt>{t('funding.contracts.field.amount')}</dt>
              <dd>{formatFen(c.amountFen)}</dd>
              <dt>{t('funding.contracts.field.term')}</dt>
              <dd>
                {c.startsOn} ~ {c.endsOn}
              </dd>
              <dt>{t('funding.contracts.field.signedOn')}</dt>
              <dd>{c.signedOn}</dd>
            </dl>
          </Card>
        ))}
        {(q.data?.total ?? 0) > PAGE_SIZE && (
          <Pagination current={page} pageSize={PAGE_SIZE} total={q.data?.total} onChange={(p) => set('page', String(p))} size="small" showSizeChanger={false} />
        )}
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('funding.contracts.public.privacy')} <Link to="/verify">{t('funding.contracts.public.verify')}</Link>
        </Typography.Text>
      </div>
    </div>
  );
}
