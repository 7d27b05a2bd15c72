import { useQuery } from '@tanstack/react-query';
import { Alert, App, Button, Empty, Form, Input, List, Radio, Skeleton, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TExpertPanel } from '@shared/funding/review';
import { api } from '../../../../api/client';
import { useApiError } from '../../../../components/useApiError';
import { reviewKeys, useRefreshFunding } from '../queries';

interface Row {
  tied?: 'none' | 'tied';
  tie?: string;
}

/**
 * The declaration an expert makes before any application opens to it: for each organisation that
 * applied, no tie or a tie (and what it is). Declarations add up; an assignment to an organisation
 * named later is withdrawn.
 */
export function ConflictDeclaration({ panel, again, onDone }: { panel: TExpertPanel; again?: boolean; onDone?: () => void }) {
  const { t } = useTranslation();
  const { modal, message } = App.useApp();
  const showError = useApiError();
  const refresh = useRefreshFunding();
  const [form] = Form.useForm<Record<string, Row>>();
  const [busy, setBusy] = useState(false);
  const applicants = useQuery({
    queryKey: reviewKeys.applicants(panel.id),
    queryFn: () => api.get('/funding/review/my/panels/:id/applicants', { params: { id: panel.id } }),
  });
  const already = new Set(panel.conflicts.map((c) => c.organizationId));
  const orgs = (applicants.data?.items ?? []).filter((o) => !already.has(o.organizationId));
  const values = (Form.useWatch([], form) as Record<string, Row> | undefined) ?? {};

  const submit = async () => {
    let v: Record<string, Row>;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    const conflicts = orgs.filter((o) => v[o.organizationId]?.tied === 'tied').map((o) => ({ organizationId: o.organizationId, tie: v[o.organizationId].tie!.trim() }));
    modal.confirm({
      title: t('funding.review.conflicts.confirmTitle'),
      content: conflicts.length ? t('funding.review.conflicts.confirmTied', { count: conflicts.length }) : t('funding.review.conflicts.confirmNone'),
      okText: t('funding.review.conflicts.submit'),
      cancelText: t('common.cancel'),
      onOk: async () => {
        setBusy(true);
        try {
          await api.post('/funding/review/my/panels/:id/conflicts', { params: { id: panel.id }, body: { conflicts } });
          void message.success(t('funding.review.conflicts.done'));
          refresh();
          onDone?.();
        } catch (e) {
          showError(e);
        } finally {
          setBusy(false);
        }
      },
    });
  };

  if (applicants.isLoading) return <Skeleton active />;
  return (
    <div data-testid="conflict-declaration">
      {!again && <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('funding.review.conflicts.intro')} />}
      {orgs.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={again ? t('funding.review.conflicts.nothingMore') : t('funding.review.conflicts.noApplicants')} />
      ) : (
        <Form form={form} layout="vertical">
          <List
            dataSource={orgs}
            renderItem={(o) => (
              <List.Item style={{ display: 'block' }}>
                <Typography.Text strong>{o.organizationName}</Typography.Text>
                <Form.Item
                  name={[o.organizationId, 'tied']}
                  initialValue={again ? 'none' : undefined}
                  rules={[{ required: true, message: t('funding.review.conflicts.choose') }]}
                  style={{ margin: '8px 0 0' }}
                >
                  <Radio.Group
                    options={[
                      { value: 'none', label: t('funding.review.conflicts.none') },
                      { value: 'tied', label: t('funding.review.conflicts.tied') },
                    ]}
                    data-testid="conflict-choice"
                  />
                </Form.Item>
                {values[o.organizationId]?.tied === 'tied' && (
                  <Form.Item
                    name={[o.organizationId, 'tie']}
                    rules={[{ required: true, whitespace: true, message: t('funding.review.conflicts.tieRequired') }]}
                    style={{ margin: '8px 0 0' }}
                  >
                    <Input maxLength={200} placeholder={t('funding.review.conflicts.tiePlaceholder')} />
                  </Form.Item>
                )}
              </List.Item>
            )}
          />
        </Form>
      )}
      {(orgs.length > 0 || !again) && (
        <Button type="primary" block style={{ marginTop: 12, minHeight: 40 }} loading={busy} onClick={() => void submit()} data-testid="conflicts-submit">
          {t('funding.review.conflicts.submit')}
        </Button>
      )}
    </div>
  );
}
