import { useState } from 'react';
import { useParams, useNavigate, useSearchParams } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Collapse, Descriptions, Empty, Grid, Rate, Skeleton, Space, Tabs, Tag, Typography } from 'antd';
import { ArrowLeftOutlined, EditOutlined, PrinterOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { FILED_LEGAL_FORMS, type LegalForm } from '@shared/registry';
import { api } from '../../api/client';
import { enumLabel, formatDate, formatDateTime } from '../../lib/labels';
import { OrgFormDrawer } from './OrgFormDrawer';
import { MembersTab } from './MembersTab';
import { ReportsTab } from './ReportsTab';
import { FilingHistory, FilingPayload } from './FilingHistory';
import { FilingActionModal, type FilingAction } from './FilingActions';
import { RevealValue } from './RevealValue';
import { StatusTag } from './StatusTag';
import { GradeTag } from './GradePanel';
import { StandingTab } from './StandingTab';
import { isRatedForm, isStagedForm } from '@shared/registry/grades';

export function OrgDetailPage() {
  const { id } = useParams<{ id: string }>();
  const tab = useSearchParams()[0].get('tab');
  const { t } = useTranslation();
  const navigate = useNavigate();
  const screens = Grid.useBreakpoint();
  const [editOpen, setEditOpen] = useState(false);
  const [action, setAction] = useState<FilingAction | null>(null);
  const q = useQuery({
    queryKey: ['registry', 'organization', id],
    queryFn: () => api.get('/registry/organizations/:id', { params: { id: id! } }),
    enabled: !!id,
  });

  if (q.isError) return <Alert type="error" showIcon title={(q.error as Error).message} />;
  if (!q.data) return <Skeleton active paragraph={{ rows: 10 }} />;
  const { organization: o, abilities: ab, filings } = q.data;
  const filed = FILED_LEGAL_FORMS.includes(o.legalForm as LegalForm);
  const dash = (v: string | number | null | undefined) => (v === null || v === undefined || v === '' ? '—' : v);

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card>
        <div className="page-toolbar">
          <Button type="text" icon={<ArrowLeftOutlined />} onClick={() => navigate(-1)} aria-label={t('common.back')} />
          <Typography.Title level={4} style={{ margin: 0 }} data-testid="org-title">
            {o.name}
          </Typography.Title>
          <StatusTag status={o.status} />
          {o.filingNumber && <Tag color="blue" data-testid="filing-number">{t('org.filingNumber')}: {o.filingNumber}</Tag>}
          <span className="grow" />
          <Space wrap>
            {ab.edit && (
              <Button icon={<EditOutlined />} onClick={() => setEditOpen(true)}>
                {t('common.edit')}
              </Button>
            )}
            {ab.submitFiling && (
              <Button type="primary" onClick={() => setAction('submit')} data-testid="submit-filing">
                {t('filing.action.submit')}
              </Button>
            )}
            {ab.requestChange && <Button onClick={() => setAction('change')}>{t('filing.action.change')}</Button>}
            {ab.requestDeregistration && (
              <Button danger onClick={() => setAction('deregister')}>
                {t('filing.action.deregister')}
              </Button>
            )}
            {filed && o.status === 'filed' && o.filingNumber && (
              <Button icon={<PrinterOutlined />} onClick={() => navigate(`/print/filing-certificate/${o.id}`)} data-testid="print-filing-certificate">
                {t('documents.print.button')}
              </Button>
            )}
          </Space>
        </div>
        <Descriptions
          size="small"
          bordered
          column={screens.lg ? 3 : screens.sm ? 2 : 1}
          data-testid="org-descriptions"
          items={[
            { key: 'legalForm', label: t('org.legalForm'), children: enumLabel(t, 'legalForm', o.legalForm) },
            { key: 'status', label: t('org.status'), children: <span data-testid="org-status">{enumLabel(t, 'status', o.status)}</span> },
            { key: 'filingNumber', label: t('org.filingNumber'), children: dash(o.filingNumber) },
            ...(!filed
              ? [
                  { key: 'uscc', label: t('org.uscc'), children: dash(o.uscc) },
                  ...(o.usccOverrideReason ? [{ key: 'ovr', label: t('org.usccOverrideReason'), children: o.usccOverrideReason }] : []),
                  { key: 'registrationLevel', label: t('org.registrationLevel'), children: enumLabel(t, 'registrationLevel', o.registrationLevel) },
                  { key: 'grade', label: t('org.grade'), children: o.grade ? <GradeTag grade={o.grade} validUntil={o.gradeValidUntil} expired={o.gradeExpired} /> : '—' },
                ]
              : []),
            // Stars are a grassroots team's (星级团队评比), the development stage an organisation's.
            ...(isRatedForm(o.legalForm)
              ? [{ key: 'star', label: t('org.starRating'), children: o.starRating ? <Rate disabled value={o.starRating} style={{ fontSize: 14 }} /> : '—' }]
              : []),
            { key: 'region', label: t('org.region'), children: dash(o.regionName) },
            { key: 'category', label: t('org.category'), children: dash(o.categoryName) },
            ...(isStagedForm(o.legalForm) ? [{ key: 'stage', label: t('org.stage'), children: enumLabel(t, 'stage', o.stage) }] : []),
            { key: 'foundedOn', label: t('org.foundedOn'), children: formatDate(o.foundedOn) },
            { key: 'memberCount', label: t('org.memberCount'), children: o.memberCount ?? 0 },
            { key: 'parent', label: t('org.parent'), children: dash(o.parentName) },
            { key: 'leaderName', label: t('org.leaderName'), children: dash(o.leaderName) },
            {
              key: 'leaderPhone',
              label: t('org.leaderPhone'),
              children: <RevealValue masked={o.leaderPhone} of={{ organizationId: o.id }} field="phone" testid="reveal-leader-phone" />,
            },
            {
              key: 'leaderIdNumber',
              label: t('org.leaderIdNumber'),
              children: <RevealValue masked={o.leaderIdNumber} of={{ organizationId: o.id }} field="idNumber" testid="reveal-leader-id" />,
            },
            { key: 'address', label: t('org.address'), children: dash(o.address), span: 'filled' as const },
            { key: 'venue', label: t('org.venue'), children: dash(o.venue), span: 'filled' as const },
            { key: 'activityContent', label: t('org.activityContent'), children: <span style={{ whiteSpace: 'pre-wrap' }}>{dash(o.activityContent)}</span>, span: 'filled' as const },
            ...(!filed ? [{ key: 'businessScope', label: t('org.businessScope'), children: dash(o.businessScope), span: 'filled' as const }] : []),
            { key: 'updatedAt', label: t('common.updatedAt'), children: formatDateTime(o.updatedAt) },
          ]}
        />
      </Card>
      <Card>
        <Tabs
          // A link may open a tab (the home page's "submit the report": ?tab=reports).
          defaultActiveKey={tab ?? undefined}
          items={[
            { key: 'members', label: t('org.tabs.members'), children: <MembersTab orgId={o.id} canWrite={!!ab.addMember} /> },
            { key: 'standing', label: t('standing.tab'), children: <StandingTab orgId={o.id} /> },
            {
              key: 'filings',
              label: t('org.tabs.filings'),
              children:
                filings.length === 0 ? (
                  <Empty description={t('filing.none')} />
                ) : (
                  <Collapse
                    defaultActiveKey={filings[0] ? [filings[0].id] : []}
                    items={filings.map((f) => ({
                      key: f.id,
                      label: (
                        <Space wrap>
                          <strong>{enumLabel(t, 'filingKind', f.kind)}</strong>
                          <StatusTag status={f.state} group="filingState" />
                          <Typography.Text type="secondary">{formatDateTime(f.submittedAt)}</Typography.Text>
                        </Space>
                      ),
                      children: (
                        <Space orientation="vertical" style={{ width: '100%' }}>
                          <FilingPayload payload={f.payload} />
                          <FilingHistory history={f.history} />
                        </Space>
                      ),
                    }))}
                  />
                ),
            },
            ...(filed || ab.submitReport
              ? [{ key: 'reports', label: t('org.tabs.reports'), children: <ReportsTab orgId={o.id} canSubmit={!!ab.submitReport} /> }]
              : []),
          ]}
        />
      </Card>
      <OrgFormDrawer
        open={editOpen}
        onClose={() => setEditOpen(false)}
        organization={o}
        overrideAllowed={ab.overrideUscc}
        editableFields={ab.editableFields}
      />
      <FilingActionModal org={o} action={action} onClose={() => setAction(null)} />
    </Space>
  );
}
