import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, List, Row, Select, Skeleton, Space, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DEFAULT_CALL_STEPS, PIPELINE_STEPS, REQUIRED_STEPS, type PipelineStep } from '@shared/funding/pipeline';
import type { TStepSetting } from '@shared/funding/settings';
import { api, ApiError } from '../../../api/client';
import { useRegion } from '../../../app/region';
import { useApiError } from '../../../components/useApiError';
import { formatDateTime } from '../../../lib/labels';
import { frontLabel } from './labels';
import { frontKeys, useFundingRefresh } from './queries';

/** 流程设置 (officials): which of the ten steps each kind of call runs in the region, and in which order. */
export function StepSettingsPage() {
  const { t } = useTranslation();
  const { regionCode, byCode } = useRegion();
  const q = useQuery({
    queryKey: frontKeys.settings(regionCode),
    queryFn: () => api.get('/funding/settings/steps', { query: { region: regionCode } }),
    enabled: !!regionCode,
  });
  return (
    <Card>
      <div className="page-toolbar">
        <Typography.Title level={4} style={{ margin: 0 }} className="grow">
          {t('funding.front.settings.title')}
        </Typography.Title>
        <Typography.Text type="secondary">{byCode.get(regionCode ?? '')?.name}</Typography.Text>
      </div>
      <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('funding.front.settings.hint', { required: REQUIRED_STEPS.map((s) => frontLabel(t, 'step', s)).join('、') })} />
      {q.isError && <Alert type="error" showIcon title={(q.error as Error).message} />}
      {!q.data && !q.isError && <Skeleton active />}
      <Row gutter={[16, 16]}>
        {q.data?.items.map((item) => (
          <Col key={item.callType} xs={24} md={12} xl={8}>
            <StepEditor setting={item} region={q.data!.regionCode} />
          </Col>
        ))}
      </Row>
    </Card>
  );
}

function StepEditor({ setting, region }: { setting: TStepSetting; region: string }) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const showError = useApiError();
  const refresh = useFundingRefresh();
  const { byCode } = useRegion();
  const [steps, setSteps] = useState<PipelineStep[]>(setting.steps);
  // The step(s) the refusal is about come from the server (the field's params), never recomputed here.
  const [refusal, setRefusal] = useState<{ steps: string[]; message: string } | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    setSteps(setting.steps);
    setRefusal(null);
  }, [setting]);
  const changed = steps.join() !== setting.steps.join();
  const edit = (next: PipelineStep[]) => {
    setSteps(next);
    setRefusal(null);
  };
  const move = (i: number, by: -1 | 1) => {
    const next = [...steps];
    [next[i], next[i + by]] = [next[i + by]!, next[i]!];
    edit(next);
  };
  const save = async (value: PipelineStep[] | null) => {
    setBusy(true);
    try {
      await api.put('/funding/settings/steps', { query: { region }, body: { callType: setting.callType, steps: value } });
      void message.success(t('funding.front.settings.saved'));
      refresh();
    } catch (e) {
      const err = showError(e);
      const field = err instanceof ApiError ? err.fields[0] : undefined;
      if (field && value) {
        const steps = [field.params?.stepCode, field.params?.otherCode].filter((s): s is string => !!s && value.includes(s as PipelineStep));
        setRefusal({ steps, message: field.message });
      }
    } finally {
      setBusy(false);
    }
  };
  const missing = PIPELINE_STEPS.filter((s) => !steps.includes(s));
  const source =
    setting.source === 'own'
      ? t('funding.front.settings.own')
      : setting.source === 'inherited'
        ? t('funding.front.settings.inherited', { region: byCode.get(setting.fromRegion ?? '')?.name ?? setting.fromRegion })
        : t('funding.front.settings.default');
  return (
    <Card
      size="small"
      title={frontLabel(t, 'callType', setting.callType)}
      extra={<Tag color={setting.source === 'own' ? 'blue' : 'default'}>{source}</Tag>}
      data-testid={`steps-${setting.callType}`}
    >
      {/* A missing step is not in the list to mark: the message stands above it. */}
      {refusal && refusal.steps.length === 0 && <Alert type="error" showIcon title={refusal.message} style={{ marginBottom: 8 }} data-testid="steps-refusal" />}
      <List
        size="small"
        dataSource={steps}
        renderItem={(step, i) => (
          <List.Item
            style={refusal?.steps.includes(step) ? { background: '#fff1f0' } : undefined}
            actions={[
              <Button key="up" size="small" type="text" icon={<ArrowUpOutlined />} disabled={i === 0} onClick={() => move(i, -1)} aria-label={t('funding.front.settings.up')} />,
              <Button key="down" size="small" type="text" icon={<ArrowDownOutlined />} disabled={i === steps.length - 1} onClick={() => move(i, 1)} aria-label={t('funding.front.settings.down')} />,
              <Button
                key="remove"
                size="small"
                type="text"
                danger
                icon={<DeleteOutlined />}
                onClick={() => edit(steps.filter((s) => s !== step))}
                aria-label={t('funding.front.settings.remove')}
              />,
            ]}
          >
            <div>
              <Typography.Text>
                {i + 1}. {frontLabel(t, 'step', step)}
              </Typography.Text>
              {REQUIRED_STEPS.includes(step) && (
                <Tag style={{ marginLeft: 8 }} bordered={false}>
                  {t('funding.front.settings.required')}
                </Tag>
              )}
              {refusal?.steps[0] === step && (
                <div>
                  <Typography.Text type="danger" data-testid="steps-refusal">
                    {refusal.message}
                  </Typography.Text>
                </div>
              )}
            </div>
          </List.Item>
        )}
      />
      {missing.length > 0 && (
        <Select<PipelineStep>
          value={null as unknown as PipelineStep}
          placeholder={
            <span>
              <PlusOutlined /> {t('funding.front.settings.add')}
            </span>
          }
          style={{ width: '100%', margin: '8px 0' }}
          options={missing.map((s) => ({ value: s, label: frontLabel(t, 'step', s) }))}
          onChange={(s) => edit([...steps, s].sort((a, b) => PIPELINE_STEPS.indexOf(a) - PIPELINE_STEPS.indexOf(b)))}
        />
      )}
      <Space wrap style={{ marginTop: 8 }}>
        <Button type="primary" disabled={!changed} loading={busy} onClick={() => save(steps)} data-testid={`steps-save-${setting.callType}`}>
          {t('common.save')}
        </Button>
        <Button disabled={steps.join() === DEFAULT_CALL_STEPS[setting.callType].join()} onClick={() => edit([...DEFAULT_CALL_STEPS[setting.callType]])}>
          {t('funding.front.settings.resetDefault')}
        </Button>
        {setting.source === 'own' && (
          <Button
            onClick={() =>
              modal.confirm({
                title: t('funding.front.settings.confirmInherit'),
                okText: t('common.confirm'),
                cancelText: t('common.cancel'),
                onOk: () => save(null),
              })
            }
          >
            {t('funding.front.settings.inherit')}
          </Button>
        )}
      </Space>
      {setting.updatedAt && (
        <div style={{ marginTop: 8 }}>
          <Typography.Text type="secondary">
            {t('common.updatedAt')}：{formatDateTime(setting.updatedAt)}
          </Typography.Text>
        </div>
      )}
    </Card>
  );
}
