import { useState } from 'react';
import { Alert, Button, Modal, Radio, Space, Table, Tag, Typography, Upload } from 'antd';
import type { UploadFile } from 'antd';
import { DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useQueryClient } from '@tanstack/react-query';
import { IMPORT_LIMITS } from '@shared/import-limits';
import { ApiError, download, upload } from '../../api/client';
import type {
  TImportExistingRejection,
  TImportExistingRow as ExistingRow,
  TImportKind as Kind,
  TImportOnExisting as OnExisting,
  TImportProblem as ImportProblem,
  TImportRejection,
  TImportResult,
} from '@shared/registry/imports';
import { useRegion } from '../../app/region';
import { useApiError } from '../../components/useApiError';

const MAX_FILE_BYTES = IMPORT_LIMITS.maxFileMb * 1024 * 1024;

export function ImportDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { regionCode, byCode } = useRegion();
  const qc = useQueryClient();
  const showError = useApiError();
  const [kind, setKind] = useState<Kind>('organizations');
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [problems, setProblems] = useState<ImportProblem[] | null>(null);
  const [problemTotal, setProblemTotal] = useState(0);
  const [tooLarge, setTooLarge] = useState(false);
  const [rejectMessage, setRejectMessage] = useState<string | null>(null);
  const [result, setResult] = useState<TImportResult | null>(null);
  // Rows the register already holds, listed by the server before anything is written: the user chooses for all of them.
  const [existing, setExisting] = useState<{ rows: ExistingRow[]; total: number; message: string } | null>(null);
  const [onExisting, setOnExisting] = useState<OnExisting>('skip');

  const reset = () => {
    setFile(null);
    setTooLarge(false);
    setProblems(null);
    setRejectMessage(null);
    setResult(null);
    setExisting(null);
  };
  const close = () => {
    reset();
    onClose();
  };

  const submit = async () => {
    if (!file) return;
    setBusy(true);
    setProblems(null);
    setRejectMessage(null);
    setResult(null);
    const choice = existing ? onExisting : undefined;
    try {
      const r = await upload('/registry/import/:kind', file, { params: { kind }, query: { regionCode, onExisting: choice } });
      setResult(r);
      setExisting(null);
      setFile(null);
      void qc.invalidateQueries({ queryKey: ['registry'] });
      void qc.invalidateQueries({ queryKey: ['dashboard'] });
    } catch (e) {
      if (e instanceof ApiError && e.code === 'import_rejected') {
        const d = e.details as Partial<TImportRejection> | undefined;
        setProblems(d?.problems ?? []);
        setProblemTotal(d?.total ?? d?.problems?.length ?? 0);
        setRejectMessage(e.message);
        setExisting(null);
      } else if (e instanceof ApiError && e.code === 'import_existing') {
        const d = e.details as Partial<TImportExistingRejection> | undefined;
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
      title={t('import.title')}
      open={open}
      onCancel={close}
      width={760}
      destroyOnHidden
      footer={[
        <Button key="close" onClick={close}>
          {t('common.close')}
        </Button>,
        <Button key="go" type="primary" disabled={!file} loading={busy} onClick={submit} data-testid="import-submit">
          {existing ? t('import.continue') : t('import.start')}
        </Button>,
      ]}
    >
      <Space orientation="vertical" style={{ width: '100%' }} size="middle">
        <Typography.Text type="secondary">
          {t('import.intoRegion', { region: (regionCode && byCode.get(regionCode)?.name) ?? regionCode ?? '' })}
        </Typography.Text>
        <Radio.Group
          value={kind}
          onChange={(e) => {
            setKind(e.target.value);
            reset();
          }}
          optionType="button"
          options={[
            { value: 'organizations', label: t('import.kindOrganizations') },
            { value: 'members', label: t('import.kindMembers') },
          ]}
        />
        <Button
          icon={<DownloadOutlined />}
          onClick={() => download('/registry/import/templates/:kind', { params: { kind } }, `${kind}-template.xlsx`).catch(showError)}
        >
          {t('import.template')}
        </Button>
        <div data-testid="import-file">
        <Upload.Dragger
          accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          maxCount={1}
          fileList={fileList}
          beforeUpload={(f) => {
            // The server refuses it too; saying so here spares uploading megabytes for nothing.
            const fits = f.size <= MAX_FILE_BYTES;
            setFile(fits ? f : null);
            setTooLarge(!fits);
            setProblems(null);
            setResult(null);
            setExisting(null);
            return false;
          }}
          onRemove={() => setFile(null)}
        >
          <p className="ant-upload-drag-icon">
            <InboxOutlined />
          </p>
          <p className="ant-upload-text">{t('import.drop')}</p>
          <p className="ant-upload-hint">{t('import.hint')}</p>
          <p className="ant-upload-hint" data-testid="import-limits">
            {t('import.limits', {
              maxMb: IMPORT_LIMITS.maxFileMb,
              maxRows: IMPORT_LIMITS.maxRows.toLocaleString(),
              maxCell: IMPORT_LIMITS.maxCellChars.toLocaleString(),
            })}
          </p>
        </Upload.Dragger>
        </div>
        {tooLarge && (
          <Alert type="error" showIcon title={t('import.tooLarge', { maxMb: IMPORT_LIMITS.maxFileMb })} data-testid="import-too-large" />
        )}
        {existing && (
          <div data-testid="import-existing">
            <Alert type="warning" showIcon title={existing.message} style={{ marginBottom: 8 }} />
            <Space orientation="vertical" style={{ marginBottom: 8 }}>
              <Typography.Text strong>{t('import.existingChoice')}</Typography.Text>
              <Radio.Group
                value={onExisting}
                onChange={(e) => setOnExisting(e.target.value)}
                options={[
                  { value: 'skip', label: t('import.skip') },
                  { value: 'update', label: t('import.update') },
                ]}
                data-testid="import-on-existing"
              />
              {onExisting === 'update' && <Typography.Text type="secondary">{t('import.updateHint')}</Typography.Text>}
            </Space>
            <ExistingRows rows={existing.rows} />
          </div>
        )}
        {result && (
          <>
            <Alert
              type="success"
              showIcon
              title={t('import.done', { count: result.imported })}
              description={result.existing?.length ? t('import.summary', result) : undefined}
              data-testid="import-success"
            />
            {!!result.existing?.length && <ExistingRows rows={result.existing} />}
          </>
        )}
        {problems && (
          <div data-testid="import-report">
            <Alert
              type="error"
              showIcon
              title={rejectMessage ?? t('import.rejected')}
              description={t('import.nothingImported')}
              style={{ marginBottom: 8 }}
            />
            {problemTotal > problems.length && (
              <Alert
                type="warning"
                showIcon
                title={t('import.moreProblems', { total: problemTotal, shown: problems.length })}
                style={{ marginBottom: 8 }}
                data-testid="import-more-problems"
              />
            )}
            <Table<ImportProblem>
              size="small"
              rowKey={(r) => `${r.row}-${r.column}-${r.message}`}
              dataSource={problems}
              pagination={problems.length > 10 ? { pageSize: 10 } : false}
              columns={[
                { title: t('import.row'), dataIndex: 'row', width: 80 },
                { title: t('import.column'), dataIndex: 'column', width: 180 },
                { title: t('import.problem'), dataIndex: 'message' },
              ]}
            />
          </div>
        )}
      </Space>
    </Modal>
  );
}

/** Rows of the file the register already holds: how each was recognised, and what the import did. */
function ExistingRows({ rows }: { rows: ExistingRow[] }) {
  const { t } = useTranslation();
  const color = { pending: 'orange', skipped: 'default', updated: 'green', refused: 'red' } as const;
  return (
    <Table<ExistingRow>
      size="small"
      rowKey="row"
      dataSource={rows}
      pagination={rows.length > 10 ? { pageSize: 10 } : false}
      data-testid="import-existing-rows"
      columns={[
        { title: t('import.row'), dataIndex: 'row', width: 64 },
        { title: t('org.name'), dataIndex: 'name' },
        {
          title: t('import.outcomeTitle'),
          dataIndex: 'outcome',
          render: (v: ExistingRow['outcome'], r) => (
            <Space orientation="vertical" size={0}>
              <Tag color={color[v]}>{t(`import.outcome.${v}`)}</Tag>
              {r.message && <Typography.Text type="danger">{r.message}</Typography.Text>}
            </Space>
          ),
        },
        { title: t('import.matchedByTitle'), dataIndex: 'matchedBy', render: (v: ExistingRow['matchedBy']) => t(`import.matchedBy.${v}`) },
        { title: t('import.existingName'), dataIndex: 'existingName' },
      ]}
    />
  );
}
