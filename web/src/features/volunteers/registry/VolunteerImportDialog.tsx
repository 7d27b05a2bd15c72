import { DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Form, Modal, Radio, Space, Table, Typography, Upload, type UploadFile } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { IMPORT_LIMITS } from '@shared/import-limits';
import type { TVolunteerImportExisting, TVolunteerImportResult } from '@shared/volunteers/registry';
import { ApiError, download, upload } from '../../../api/client';
import { useRegion } from '../../../app/region';
import { RegionPicker } from '../../../components/RegionPicker';
import { useApiError } from '../../../components/useApiError';
import { volunteerKeys } from '../queries';
import { isStreetOrCommunity } from './VolunteerFormModal';

const MAX_FILE_BYTES = IMPORT_LIMITS.maxFileMb * 1024 * 1024;

interface Problem {
  row: number;
  column: string;
  message: string;
}

/**
 * 导入志愿者: the whole sheet is checked first (nothing is written while a row is wrong, each row's
 * problems listed); rows whose ID number the registry already holds are listed and the user
 * chooses to skip or update them all.
 */
export function VolunteerImportDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { regionCode } = useRegion();
  const qc = useQueryClient();
  const showError = useApiError();
  const [region, setRegion] = useState<string | undefined>();
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [tooLarge, setTooLarge] = useState(false);
  const [problems, setProblems] = useState<{ rows: Problem[]; total: number; message: string } | null>(null);
  const [existing, setExisting] = useState<{ rows: TVolunteerImportExisting[]; total: number; message: string } | null>(null);
  const [onExisting, setOnExisting] = useState<'skip' | 'update'>('skip');
  const [result, setResult] = useState<TVolunteerImportResult | null>(null);
  const target = region ?? (isStreetOrCommunity(regionCode) ? regionCode : undefined);

  const reset = () => {
    setFile(null);
    setTooLarge(false);
    setProblems(null);
    setExisting(null);
    setResult(null);
  };
  const close = () => {
    reset();
    setRegion(undefined);
    onClose();
  };

  const submit = async () => {
    if (!file || !target) return;
    setBusy(true);
    setProblems(null);
    setResult(null);
    try {
      const r = await upload('/volunteers/import', file, { query: { regionCode: target, onExisting: existing ? onExisting : undefined } });
      setResult(r);
      setExisting(null);
      setFile(null);
      void qc.invalidateQueries({ queryKey: volunteerKeys.all });
      void qc.invalidateQueries({ queryKey: ['dashboard'] });
    } catch (e) {
      if (e instanceof ApiError && e.code === 'import_rejected') {
        const d = e.details as { problems?: Problem[]; total?: number } | undefined;
        setProblems({ rows: d?.problems ?? [], total: d?.total ?? d?.problems?.length ?? 0, message: e.message });
        setExisting(null);
      } else if (e instanceof ApiError && e.code === 'import_existing') {
        const d = e.details as { existing?: TVolunteerImportExisting[]; total?: number } | undefined;
        setExisting({ rows: d?.existing ?? [], total: d?.total ?? d?.existing?.length ?? 0, message: e.message });
      } else {
        showError(e);
      }
    } finally {
      setBusy(false);
    }
  };

  const fileList: UploadFile[] = file ? [{ uid: '1', name: file.name, status: 'done' }] : [];
  return (
    <Modal
      title={t('volunteers.registry.import.title')}
      open={open}
      onCancel={close}
      width={760}
      destroyOnHidden
      footer={[
        <Button key="close" onClick={close}>
          {t('common.close')}
        </Button>,
        <Button key="go" type="primary" disabled={!file || !target} loading={busy} onClick={submit} data-testid="volunteer-import-submit">
          {existing ? t('volunteers.registry.import.continue') : t('volunteers.registry.import.start')}
        </Button>,
      ]}
    >
      <Space orientation="vertical" style={{ width: '100%' }} size="middle">
        <Form layout="vertical">
          <Form.Item label={t('volunteers.registry.import.region')} extra={t('volunteers.registry.import.regionHint')} required style={{ marginBottom: 0 }}>
            <RegionPicker
              value={target}
              onChange={(v) => {
                setRegion(v);
                reset();
              }}
            />
          </Form.Item>
        </Form>
        {target && !isStreetOrCommunity(target) && <Alert type="warning" showIcon title={t('volunteers.registry.form.regionTooWide')} />}
        <Button icon={<DownloadOutlined />} onClick={() => download('/volunteers/import/template', {}, 'volunteers-template.xlsx').catch(showError)}>
          {t('volunteers.registry.import.template')}
        </Button>
        <div data-testid="volunteer-import-file">
          <Upload.Dragger
            accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            maxCount={1}
            fileList={fileList}
            beforeUpload={(f) => {
              const fits = f.size <= MAX_FILE_BYTES;
              reset();
              setFile(fits ? f : null);
              setTooLarge(!fits);
              return false;
            }}
            onRemove={() => setFile(null)}
          >
            <p className="ant-upload-drag-icon">
              <InboxOutlined />
            </p>
            <p className="ant-upload-text">{t('volunteers.registry.import.drop')}</p>
            <p className="ant-upload-hint">{t('volunteers.registry.import.hint')}</p>
            <p className="ant-upload-hint">
              {t('volunteers.registry.import.limits', { maxMb: IMPORT_LIMITS.maxFileMb, maxRows: IMPORT_LIMITS.maxRows.toLocaleString() })}
            </p>
          </Upload.Dragger>
        </div>
        {tooLarge && <Alert type="error" showIcon title={t('volunteers.registry.import.tooLarge', { maxMb: IMPORT_LIMITS.maxFileMb })} />}
        {existing && (
          <div data-testid="volunteer-import-existing">
            <Alert type="warning" showIcon title={existing.message} style={{ marginBottom: 8 }} />
            <Space orientation="vertical" style={{ marginBottom: 8 }}>
              <Typography.Text strong>{t('volunteers.registry.import.existingChoice', { count: existing.total })}</Typography.Text>
              <Radio.Group
                value={onExisting}
                onChange={(e) => setOnExisting(e.target.value)}
                options={[
                  { value: 'skip', label: t('volunteers.registry.import.skip') },
                  { value: 'update', label: t('volunteers.registry.import.update') },
                ]}
              />
              {onExisting === 'update' && <Typography.Text type="secondary">{t('volunteers.registry.import.updateHint')}</Typography.Text>}
            </Space>
            <ExistingRows rows={existing.rows} />
          </div>
        )}
        {result && (
          <>
            <Alert
              type="success"
              showIcon
              title={t('volunteers.registry.import.done', { count: result.imported })}
              description={result.existing.length ? t('volunteers.registry.import.summary', result) : undefined}
              data-testid="volunteer-import-success"
            />
            {result.existing.length > 0 && <ExistingRows rows={result.existing} />}
          </>
        )}
        {problems && (
          <div data-testid="volunteer-import-report">
            <Alert type="error" showIcon title={problems.message} description={t('volunteers.registry.import.nothingImported')} style={{ marginBottom: 8 }} />
            {problems.total > problems.rows.length && (
              <Alert
                type="warning"
                showIcon
                title={t('volunteers.registry.import.moreProblems', { total: problems.total, shown: problems.rows.length })}
                style={{ marginBottom: 8 }}
              />
            )}
            <Table<Problem>
              size="small"
              rowKey={(r) => `${r.row}-${r.column}-${r.message}`}
              dataSource={problems.rows}
              pagination={problems.rows.length > 10 ? { pageSize: 10 } : false}
              columns={[
                { title: t('volunteers.registry.import.row'), dataIndex: 'row', width: 80 },
                { title: t('volunteers.registry.import.column'), dataIndex: 'column', width: 160 },
                { title: t('volunteers.registry.import.problem'), dataIndex: 'message' },
              ]}
            />
          </div>
        )}
      </Space>
    </Modal>
  );
}

/** The file's rows whose ID number the registry already holds, with the record each matched. */
function ExistingRows({ rows }: { rows: TVolunteerImportExisting[] }) {
  const { t } = useTranslation();
  return (
    <Table<TVolunteerImportExisting>
      size="small"
      rowKey="row"
      dataSource={rows}
      pagination={rows.length > 10 ? { pageSize: 10 } : false}
      columns={[
        { title: t('volunteers.registry.import.row'), dataIndex: 'row', width: 64 },
        { title: t('volunteers.registry.import.nameInFile'), dataIndex: 'name' },
        { title: t('volunteers.registry.import.held'), dataIndex: 'existingName', render: (v: string, r) => `${v}（${r.number}）` },
      ]}
    />
  );
}
