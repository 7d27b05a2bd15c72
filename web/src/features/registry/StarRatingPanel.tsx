import { useState } from 'react';
import { Button, Card, Col, Form, Input, InputNumber, Rate, Row, Space, Table, Typography } from 'antd';
import { StarOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { STAR_CRITERIA, STAR_CRITERION_MAX, STAR_RATING_FIRST_YEAR, type TOrganizationStanding, type TStarRating } from '@shared/registry/grades';
import { todayInChina } from '@shared/dates';
import { api } from '../../api/client';
import { FormModal, useFormSubmit } from '../../components/FormModal';
import { tableEmpty } from '../../components/TableEmpty';
import { formatDateTime } from '../../lib/labels';

type Criterion = (typeof STAR_CRITERIA)[number];
type Values = { year: number; stars: number; comment?: string } & Record<Criterion, number>;

/** The year in China, the rating round a centre is in. */
const yearInChina = () => Number(todayInChina().slice(0, 4));

function StarRatingModal({ orgId, onClose }: { orgId: string; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const { busy, submit } = useFormSubmit(form, { success: t('standing.stars.saved'), refreshRegistry: true, done: onClose });
  const scores = Form.useWatch([], form) as Partial<Values> | undefined;
  const total = STAR_CRITERIA.reduce((sum, c) => sum + (Number(scores?.[c]) || 0), 0);
  const send = submit((v) =>
    api.put('/registry/organizations/:id/star-rating', {
      params: { id: orgId },
      body: {
        year: v.year,
        stars: v.stars,
        scores: Object.fromEntries(STAR_CRITERIA.map((c) => [c, v[c]])) as Record<Criterion, number>,
        comment: v.comment?.trim() || null,
      },
    }),
  );
  const required = [{ required: true, message: t('common.required') }];
  return (
    <FormModal title={t('standing.stars.set')} open onCancel={onClose} onOk={send} busy={busy} okTestId="stars-ok">
      <Form form={form} layout="vertical" preserve={false} initialValues={{ year: yearInChina() }}>
        <Row gutter={12}>
          <Col xs={24} sm={12}>
            <Form.Item name="year" label={t('standing.stars.year')} rules={required}>
              <InputNumber min={STAR_RATING_FIRST_YEAR} max={yearInChina()} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="stars" label={t('org.starRating')} rules={required}>
              <Rate count={5} data-testid="stars-rate" />
            </Form.Item>
          </Col>
          {STAR_CRITERIA.map((c) => (
            <Col xs={12} sm={6} key={c}>
              <Form.Item name={c} label={t(`standing.stars.criteria.${c}`)} rules={required}>
                <InputNumber min={0} max={STAR_CRITERION_MAX} precision={0} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
          ))}
        </Row>
        <Typography.Paragraph type="secondary">{t('standing.stars.scoreHint', { max: STAR_CRITERION_MAX, total })}</Typography.Paragraph>
        <Form.Item name="comment" label={t('standing.stars.comment')}>
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
      </Form>
    </FormModal>
  );
}

export function StarRatingPanel({ orgId, standing }: { orgId: string; standing: TOrganizationStanding }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const current = standing.starRating;
  return (
    <Card
      size="small"
      title={t('standing.stars.title')}
      data-testid="stars-panel"
      extra={
        standing.abilities.setStarRating && (
          <Button icon={<StarOutlined />} onClick={() => setOpen(true)} data-testid="stars-set">
            {t('standing.stars.set')}
          </Button>
        )
      }
    >
      <div style={{ marginBottom: 12 }}>
        {current ? (
          <Space wrap>
            <Rate disabled value={current.stars} style={{ fontSize: 16 }} />
            <Typography.Text type="secondary">{t('standing.stars.ofYear', { year: current.year })}</Typography.Text>
          </Space>
        ) : (
          <Typography.Text type="secondary">{t('standing.stars.none')}</Typography.Text>
        )}
      </div>
      <Table<TStarRating>
        size="small"
        rowKey="id"
        pagination={false}
        scroll={{ x: 760 }}
        locale={{ emptyText: tableEmpty(t('standing.noHistory')) }}
        dataSource={standing.starRatings}
        columns={[
          { title: t('standing.stars.year'), dataIndex: 'year', width: 80 },
          { title: t('org.starRating'), dataIndex: 'stars', width: 130, render: (v: number) => <Rate disabled value={v} style={{ fontSize: 12 }} /> },
          {
            title: t('standing.stars.total'),
            key: 'total',
            width: 220,
            render: (_: unknown, r) =>
              r.scores ? (
                <span title={STAR_CRITERIA.map((c) => `${t(`standing.stars.criteria.${c}`)} ${r.scores![c]}`).join(' / ')}>
                  {r.total} <Typography.Text type="secondary">({STAR_CRITERIA.map((c) => r.scores![c]).join(' / ')})</Typography.Text>
                </span>
              ) : (
                '—'
              ),
          },
          { title: t('standing.stars.comment'), dataIndex: 'comment', render: (v: string | null) => v ?? '—' },
          { title: t('standing.recordedBy'), key: 'by', render: (_: unknown, r) => `${r.ratedBy ?? '—'} · ${formatDateTime(r.ratedAt)}` },
        ]}
      />
      {open && <StarRatingModal orgId={orgId} onClose={() => setOpen(false)} />}
    </Card>
  );
}
