import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Descriptions, Form, Input, InputNumber, Skeleton, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TStarSettingsBody } from '@shared/volunteers/hours';
import { NATIONAL_STAR_THRESHOLD_HOURS } from '@shared/volunteers/states';
import { api } from '../../../api/client';
import { useRegion } from '../../../app/region';
import { RegionPicker } from '../../../components/RegionPicker';
import { useApiError } from '../../../components/useApiError';
import { HonoursCard } from './HonoursCard';
import { VolunteerSelect } from './pickers';
import { hoursKeys, useHoursRefresh } from './queries';
import { thresholdsLine } from './StarProgress';
import './hours.css';

const STARS = [1, 2, 3, 4, 5] as const;

/**
 * 星级设置 (officials): the five cumulative-hour thresholds of a region and the rule they come from;
 * without its own, a region follows the nearest region that sets one, else the national rule.
 * Below, the honours and incentives of one volunteer.
 */
export function StarSettingsPage() {
  const { t } = useTranslation();
  const { regionCode, byCode } = useRegion();
  const [code, setCode] = useState<string | undefined>(regionCode);
  useEffect(() => setCode((c) => c ?? regionCode), [regionCode]);
  const [volunteerId, setVolunteerId] = useState<string>();
  return (
    <div style={{ display: 'flex', flexDirection: 'column', gap: 12 }}>
      <Card>
        <div className="page-toolbar">
          <Typography.Title level={4} style={{ margin: 0 }} className="grow">
            {t('volunteers.hours.starSettings.title')}
          </Typography.Title>
          <RegionPicker value={code} onChange={setCode} style={{ width: 260 }} />
        </div>
        <Alert
          type="info"
          showIcon
          title={t('volunteers.hours.starSettings.national', { thresholds: thresholdsLine(NATIONAL_STAR_THRESHOLD_HOURS) })}
          description={t('volunteers.hours.starSettings.nationalSource')}
          style={{ marginBottom: 16 }}
        />
        {code ? <StarSettingsForm key={code} code={code} regionName={byCode.get(code)?.name ?? code} /> : <Skeleton active />}
      </Card>
      <Card title={t('volunteers.hours.honours.pageTitle')}>
        <div className="page-toolbar">
          <VolunteerSelect allowClear value={volunteerId} onChange={setVolunteerId} style={{ width: 320 }} testid="honours-volunteer" />
        </div>
        {volunteerId ? <HonoursCard volunteerId={volunteerId} /> : <Typography.Text type="secondary">{t('volunteers.hours.honours.pickFirst')}</Typography.Text>}
      </Card>
    </div>
  );
}

function StarSettingsForm({ code, regionName }: { code: string; regionName: string }) {
  const { t } = useTranslation();
  const { modal, message } = App.useApp();
  const showError = useApiError();
  const refresh = useHoursRefresh();
  const qc = useQueryClient();
  const [form] = Form.useForm<TStarSettingsBody>();
  const [busy, setBusy] = useState(false);
  const settings = useQuery({ queryKey: hoursKeys.stars(code), queryFn: () => api.get('/volunteers/star-settings/:code', { params: { code } }) });
  const s = settings.data;
  if (settings.isError) return <Alert type="error" showIcon title={(settings.error as Error).message} />;
  if (!s) return <Skeleton active />;

  const save = async () => {
    let values: TStarSettingsBody;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    modal.confirm({
      title: t('volunteers.hours.starSettings.confirmTitle', { region: regionName }),
      content: t('volunteers.hours.starSettings.confirm', { thresholds: thresholdsLine(values.thresholdHours) }),
      okText: t('volunteers.hours.starSettings.save'),
      cancelText: t('common.cancel'),
      onOk: async () => {
        setBusy(true);
        try {
          const saved = await api.put('/volunteers/star-settings/:code', { params: { code }, body: { thresholdHours: values.thresholdHours, source: values.source.trim() } });
          qc.setQueryData(hoursKeys.stars(code), saved);
          void message.success(t('volunteers.hours.starSettings.saved', { count: saved.restarred }));
          refresh();
        } catch (e) {
          showError(e, form);
        } finally {
          setBusy(false);
        }
      },
    });
  };

  const ascending = (i: number) => ({
    validator: (_: unknown, v: number | null) => {
      const prev = i > 0 ? form.getFieldValue(['thresholdHours', i - 1]) : null;
      return v == null || prev == null || v > prev ? Promise.resolve() : Promise.reject(new Error(t('volunteers.hours.starSettings.ascending', { star: i + 1, prev: i })));
    },
  });

  return (
    <>
      <Descriptions
        size="small"
        bordered
        column={1}
        style={{ marginBottom: 16 }}
        items={[
          {
            key: 'applies',
            label: t('volunteers.hours.starSettings.applies'),
            children: (
              <span data-testid="stars-applies">
                {thresholdsLine(s.thresholdHours)}{' '}
                {s.own ? (
                  <Tag color="blue">{t('volunteers.hours.starSettings.own')}</Tag>
                ) : (
                  <Tag>{t('volunteers.hours.starSettings.inherited', { region: s.regionName ?? t('volunteers.hours.stars.national') })}</Tag>
                )}
              </span>
            ),
          },
          { key: 'source', label: t('volunteers.hours.starSettings.source'), children: s.source },
        ]}
      />
      <Form
        form={form}
        layout="vertical"
        initialValues={{ thresholdHours: s.thresholdHours, source: s.own ? s.source : '' }}
        data-testid="stars-form"
      >
        <Typography.Text strong>{t('volunteers.hours.starSettings.setOwn', { region: regionName })}</Typography.Text>
        <div className="vol-stars-grid" style={{ marginTop: 8 }}>
          {STARS.map((star, i) => (
            <Form.Item
              key={star}
              name={['thresholdHours', i]}
              label={t('volunteers.hours.starSettings.star', { count: star })}
              dependencies={i > 0 ? [['thresholdHours', i - 1]] : []}
              rules={[{ required: true, message: t('volunteers.hours.form.required', { field: t('volunteers.hours.starSettings.star', { count: star }) }) }, ascending(i)]}
            >
              <InputNumber min={1} max={100000} precision={0} addonAfter={t('volunteers.hours.unit')} style={{ width: '100%' }} />
            </Form.Item>
          ))}
        </div>
        <Form.Item
          name="source"
          label={t('volunteers.hours.starSettings.source')}
          extra={t('volunteers.hours.starSettings.sourceHint')}
          rules={[{ required: true, whitespace: true, message: t('volunteers.hours.form.required', { field: t('volunteers.hours.starSettings.source') }) }]}
        >
          <Input maxLength={200} placeholder={t('volunteers.hours.starSettings.sourcePlaceholder')} data-testid="stars-source" />
        </Form.Item>
        <Button type="primary" onClick={save} loading={busy} data-testid="stars-save">
          {t('volunteers.hours.starSettings.save')}
        </Button>
      </Form>
    </>
  );
}
