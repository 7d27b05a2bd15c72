import { Descriptions, Grid, List, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatFen } from '../../shared/money';

interface Activity {
  name?: string;
  startsOn?: string | null;
  endsOn?: string | null;
  description?: string | null;
}
interface Indicator {
  name?: string;
  target?: string;
  unit?: string | null;
}
interface BudgetLine {
  item: string;
  category: string | null;
  amountFen: number;
  note: string | null;
}

export interface ProposalView {
  summary: string | null;
  goals: string | null;
  activities: unknown[];
  targetBeneficiaries: string | null;
  beneficiaryCount: number | null;
  indicators: unknown[];
  amountFen: number;
  budgetLines: BudgetLine[];
}

const text = (v: string | null | undefined) => (v ? <span style={{ whiteSpace: 'pre-wrap' }}>{v}</span> : '—');

/** An application's proposal as the expert reads it: nothing to edit. */
export function ProposalReadOnly({ p }: { p: ProposalView }) {
  const { t } = useTranslation();
  const narrow = !Grid.useBreakpoint().md;
  const activities = p.activities as Activity[];
  const indicators = p.indicators as Indicator[];
  return (
    <>
      <Descriptions column={1} size="small" bordered layout={narrow ? 'vertical' : 'horizontal'} styles={{ label: { width: narrow ? undefined : 120 } }}>
        <Descriptions.Item label={t('funding.review.proposal.summary')}>{text(p.summary)}</Descriptions.Item>
        <Descriptions.Item label={t('funding.review.proposal.goals')}>{text(p.goals)}</Descriptions.Item>
        <Descriptions.Item label={t('funding.review.proposal.targetBeneficiaries')}>{text(p.targetBeneficiaries)}</Descriptions.Item>
        <Descriptions.Item label={t('funding.review.proposal.beneficiaryCount')}>{p.beneficiaryCount ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('funding.review.proposal.amount')}>{formatFen(p.amountFen)}</Descriptions.Item>
      </Descriptions>
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        {t('funding.review.proposal.activities')}
      </Typography.Title>
      <List<Activity>
        size="small"
        bordered
        dataSource={activities}
        renderItem={(a) => (
          <List.Item>
            <List.Item.Meta
              title={a.name}
              description={
                <>
                  <div>{`${a.startsOn ?? '—'} ~ ${a.endsOn ?? '—'}`}</div>
                  {a.description && <div style={{ whiteSpace: 'pre-wrap' }}>{a.description}</div>}
                </>
              }
            />
          </List.Item>
        )}
      />
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        {t('funding.review.proposal.indicators')}
      </Typography.Title>
      <Table<Indicator>
        rowKey={(_, i) => String(i)}
        size="small"
        pagination={false}
        dataSource={indicators}
        columns={[
          { title: t('funding.review.proposal.indicatorName'), dataIndex: 'name' },
          { title: t('funding.review.proposal.target'), key: 'target', render: (_: unknown, r) => `${r.target ?? ''}${r.unit ? ` ${r.unit}` : ''}` },
        ]}
      />
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        {t('funding.review.proposal.budget')}
      </Typography.Title>
      <Table<BudgetLine>
        rowKey={(_, i) => String(i)}
        size="small"
        pagination={false}
        scroll={{ x: 'max-content' }}
        dataSource={p.budgetLines}
        columns={[
          { title: t('funding.review.proposal.item'), dataIndex: 'item' },
          { title: t('funding.review.proposal.category'), dataIndex: 'category', render: (v: string | null) => v ?? '—' },
          { title: t('funding.review.proposal.lineAmount'), dataIndex: 'amountFen', align: 'right', render: (v: number) => formatFen(v) },
          { title: t('funding.review.proposal.note'), dataIndex: 'note', render: (v: string | null) => v ?? '—' },
        ]}
        summary={(rows) => (
          <Table.Summary.Row>
            <Table.Summary.Cell index={0} colSpan={2}>
              {t('funding.review.proposal.budgetTotal')}
            </Table.Summary.Cell>
            <Table.Summary.Cell index={2} align="right">
              <strong>{formatFen(rows.reduce((s, r) => s + r.amountFen, 0))}</strong>
            </Table.Summary.Cell>
            <Table.Summary.Cell index={3} />
          </Table.Summary.Row>
        )}
      />
    </>
  );
}
