import { Alert, App, Col, Form, Input, InputNumber, Row, Select, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { EVALUATION_KINDS, type EvaluationKind, type TEvaluation, type TMonitoring } from '@shared/funding/monitoring';
import { api } from '../../../../api/client';
import { FormModal } from '../../../../components/FormModal';
import { useApiError } from '../../../../components/useApiError';
import { formatFen } from '../../shared/money';
import { contractsOptions } from '../labels';
import { useContractsRefresh } from '../queries';

interface Values {
  kind?: EvaluationKind;
  indicators: { achieved?: string; score?: number | null }[];
  overallScore?: number | null;
  summary?: string;
  reason?: string;
}

/**
 * The evaluator's mid-term or final evaluation (F10): per indicator of the contract what was
 * achieved and its score, the overall score against the pass line, a summary. Submitting says first
 * which tranches the result pays or withholds (评估兑现). A correction is a new version with its
 * reason and moves no money.
 */
export function EvaluationFormModal({ monitoring: m, open, correcting, onClose }: { monitoring: TMonitoring; open: boolean; correcting?: TEvaluation | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { modal } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const showError = useApiError();
  const refresh = useContractsRefresh();
  const done = new Set(m.evaluations.filter((e) => e.current).map((e) => e.kind));
  const kinds = EVALUATION_KINDS.filter((k) => !done.has(k) && !(k === 'mid' && done.has('final')));

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    if (correcting)
      form.setFieldsValue({
        kind: correcting.kind,
        indicators: correcting.indicators.map((i) => ({ achieved: i.achieved, score: i.score })),
        overallScore: correcting.overallScore,
        summary: correcting.summary,
      });
    else form.setFieldsValue({ kind: kinds[0], indicators: m.indicators.map(() => ({})) });
    // eslint-disable-next-line react-hooks/exhaustive-deps -- filled once per opening
  }, [open, correcting, form]);

  const kind = Form.useWatch('kind', form) as EvaluationKind | undefined;
  const overall = Form.useWatch('overallScore', form) as number | null | undefined;
  const passes = typeof overall === 'number' ? overall >= m.passLine : null;
  // The monitoring carries the tranches evaluations release, so the evaluator sees the amounts too.
  const waiting = m.evaluationTranches.filter((tr) => tr.status === 'pending' && tr.kind === kind);
  const waitingFen = waiting.reduce((s, tr) => s + tr.amountFen, 0);

  const consequence = () => {
    if (correcting) return t('funding.contracts.evaluations.correctionMovesNoMoney');
    const kindName = t(`funding.contracts.enum.evaluationKind.${kind}`);
    return waiting.length === 0
      ? t('funding.contracts.evaluations.noTranche', { kind: kindName })
      : t(passes ? 'funding.contracts.evaluations.willPay' : 'funding.contracts.evaluations.willWithhold', {
          count: waiting.length,
          amount: formatFen(waitingFen),
          positions: waiting.map((tr) => tr.position + 1).join('、'),
        });
  };

  const ok = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    const fields = {
      indicators: v.indicators.map((i) => ({ achieved: (i.achieved ?? '').trim(), score: i.score ?? 0 })),
      overallScore: v.overallScore ?? 0,
      summary: (v.summary ?? '').trim(),
    };
    modal.confirm({
      title: t(correcting ? 'funding.contracts.evaluations.confirmCorrect' : 'funding.contracts.evaluations.confirm'),
      content: (
        <>
          <p>
            {t('funding.contracts.evaluations.resultLine', {
              score: fields.overallScore,
              line: m.passLine,
              result: t(fields.overallScore >= m.passLine ? 'funding.contracts.evaluations.passed' : 'funding.contracts.evaluations.failed'),
            })}
          </p>
          <p data-testid="evaluation-consequence">{consequence()}</p>
          {!correcting && <p>{t('funding.contracts.evaluations.once')}</p>}
        </>
      ),
      okText: t('funding.contracts.evaluations.submit'),
      cancelText: t('common.cancel'),
      okButtonProps: { danger: fields.overallScore < m.passLine },
      onOk: async () => {
        setBusy(true);
        try {
          if (correcting)
            await api.post('/funding/evaluations/:id/correct', { params: { id: correcting.id }, body: { ...fields, reason: (v.reason ?? '').trim() } });
          else await api.post('/funding/contracts/:id/evaluations', { params: { id: m.contractId }, body: { kind: v.kind!, ...fields } });
          refresh();
          onClose();
        } catch (e) {
          showError(e, form);
        } finally {
          setBusy(false);
        }
      },
    });
  };

  const indicators = correcting ? correcting.indicators : m.indicators;
  return (
    <FormModal
      title={correcting ? t('funding.contracts.evaluations.correctTitle', { version: correcting.version }) : t('funding.contracts.evaluations.formTitle')}
      open={open}
      busy={busy}
      onOk={ok}
      onCancel={onClose}
      okText={t('funding.contracts.evaluations.submit')}
      okTestId="evaluation-ok"
      width={800}
    >
      <Form form={form} layout="vertical" preserve={false} requiredMark="optional">
        <Form.Item name="kind" label={t('funding.contracts.evaluations.kind')} rules={[{ required: true, message: t('funding.contracts.evaluations.kindRequired') }]}>
          <Select options={contractsOptions(t, 'evaluationKind', correcting ? [correcting.kind] : kinds)} disabled={!!correcting} style={{ width: 200 }} />
        </Form.Item>
        <Typography.Text strong>{t('funding.contracts.evaluations.indicators')}</Typography.Text>
        {indicators.length === 0 && <Typography.Paragraph type="secondary">{t('funding.contracts.evaluations.noIndicators')}</Typography.Paragraph>}
        <Form.List name="indicators">
          {(fields) => (
            <div style={{ marginTop: 8 }}>
              {fields.map((f, i) => (
                <div key={f.key} className="contract-row" style={{ marginBottom: 8 }}>
                  <Typography.Text>
                    {i + 1}. {indicators[i]?.name} · {t('funding.contracts.evaluations.target', { target: indicators[i]?.target, unit: indicators[i]?.unit ?? '' })}
                  </Typography.Text>
                  <Row gutter={8} style={{ marginTop: 6 }}>
                    <Col flex="auto">
                      <Form.Item
                        name={[f.name, 'achieved']}
                        style={{ marginBottom: 0 }}
                        rules={[{ required: true, whitespace: true, message: t('funding.contracts.evaluations.achievedRequired', { n: i + 1 }) }, { max: 200 }]}
                      >
                        <Input placeholder={t('funding.contracts.evaluations.achieved')} maxLength={200} />
                      </Form.Item>
                    </Col>
                    <Col flex="140px">
                      <Form.Item name={[f.name, 'score']} style={{ marginBottom: 0 }} rules={[{ required: true, message: t('funding.contracts.evaluations.scoreRequired', { n: i + 1 }) }]}>
                        <InputNumber min={0} max={100} precision={0} placeholder={t('funding.contracts.evaluations.score')} style={{ width: '100%' }} />
                      </Form.Item>
                    </Col>
                  </Row>
                </div>
              ))}
            </div>
          )}
        </Form.List>
        <Form.Item
          name="overallScore"
          label={t('funding.contracts.evaluations.overall')}
          rules={[{ required: true, message: t('funding.contracts.evaluations.overallRequired') }]}
          extra={t('funding.contracts.evaluations.passLine', { line: m.passLine })}
        >
          <InputNumber min={0} max={100} precision={0} style={{ width: 200 }} data-testid="evaluation-overall" />
        </Form.Item>
        {passes !== null && (
          <Alert
            type={passes ? 'success' : 'error'}
            showIcon
            style={{ marginBottom: 12 }}
            title={t(passes ? 'funding.contracts.evaluations.wouldPass' : 'funding.contracts.evaluations.wouldFail', { line: m.passLine })}
            description={consequence()}
          />
        )}
        <Form.Item name="summary" label={t('funding.contracts.evaluations.summary')} rules={[{ required: true, whitespace: true, message: t('funding.contracts.evaluations.summaryRequired') }, { max: 10_000 }]}>
          <Input.TextArea rows={4} maxLength={10_000} showCount />
        </Form.Item>
        {correcting && (
          <Form.Item name="reason" label={t('funding.contracts.evaluations.reason')} rules={[{ required: true, whitespace: true, message: t('funding.contracts.evaluations.reasonRequired') }, { max: 1000 }]}>
            <Input.TextArea rows={2} maxLength={1000} />
          </Form.Item>
        )}
      </Form>
    </FormModal>
  );
}
