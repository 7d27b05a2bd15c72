import { Descriptions, Empty, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { TContractDetail } from '@shared/funding/contracts';
import { formatFen } from '../shared/money';

type Content = TContractDetail['content'];

/** What the organisation promised (the accepted proposal as the contract holds it): goals, activities, indicators, budget. */
export function ContractContent({ content: c }: { content: Content }) {
  const { t } = useTranslation();
  const text = (v: string | null) => (v ? <span style={{ whiteSpace: 'pre-wrap' }}>{v}</span> : '—');
  return (
    <>
      <Descriptions
        size="small"
        bordered
        column={1}
        items={[
          { key: 'summary', label: t('funding.contracts.content.summary'), children: text(c.summary) },
          { key: 'goals', label: t('funding.contracts.content.goals'), children: text(c.goals) },
          { key: 'target', label: t('funding.contracts.content.targetBeneficiaries'), children: text(c.targetBeneficiaries) },
          { key: 'count', label: t('funding.contracts.content.beneficiaryCount'), children: c.beneficiaryCount ?? '—' },
        ]}
      />
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        {t('funding.contracts.content.activities')}
      </Typography.Title>
      {c.activities.length ? (
        <Table
          rowKey={(_, i) => String(i)}
          size="small"
          pagination={false}
          scroll={{ x: 'max-content' }}
          dataSource={c.activities}
          columns={[
            { title: t('funding.contracts.content.activityName'), dataIndex: 'name' },
            { title: t('funding.contracts.content.when'), key: 'when', render: (_: unknown, a) => [a.startsOn, a.endsOn].filter(Boolean).join(' ~ ') || '—' },
            { title: t('funding.contracts.content.activityDescription'), dataIndex: 'description' },
          ]}
        />
      ) : (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('funding.contracts.content.none')} />
      )}
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        {t('funding.contracts.content.indicators')}
      </Typography.Title>
      {c.indicators.length ? (
        <Table
          rowKey={(_, i) => String(i)}
          size="small"
          pagination={false}
          dataSource={c.indicators}
          columns={[
            { title: t('funding.contracts.content.indicatorName'), dataIndex: 'name' },
            { title: t('funding.contracts.content.target'), dataIndex: 'target' },
            { title: t('funding.contracts.content.unit'), dataIndex: 'unit' },
          ]}
        />
      ) : (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('funding.contracts.content.none')} />
      )}
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        {t('funding.contracts.content.budget', { total: formatFen(c.amountFen) })}
      </Typography.Title>
      <Table
        rowKey={(_, i) => String(i)}
        size="small"
        pagination={false}
        scroll={{ x: 'max-content' }}
        dataSource={c.budgetLines}
        columns={[
          { title: t('funding.contracts.content.item'), dataIndex: 'item' },
          { title: t('funding.contracts.content.category'), dataIndex: 'category' },
          { title: t('funding.contracts.content.lineAmount'), dataIndex: 'amountFen', align: 'right', render: formatFen },
          { title: t('funding.contracts.content.note'), dataIndex: 'note' },
        ]}
      />
    </>
  );
}
