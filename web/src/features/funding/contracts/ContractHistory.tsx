import { PaperClipOutlined } from '@ant-design/icons';
import { Empty, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../../lib/labels';
import { contractsLabel } from './labels';

interface Entry {
  fromState: string | null;
  toState: string;
  action: string;
  actorName: string;
  comment: string | null;
  at: string;
  /** The files the step sent along (a milestone report's). */
  attachments?: { id: string; originalName: string }[];
}

const COLOR: Record<string, string> = { terminate: 'red', sign: 'green', complete: 'green', return: 'orange', reject: 'orange', reject_milestone: 'orange', mid_evaluation_failed: 'red', final_evaluation_failed: 'red' };

/** A contract's (a report's, a milestone's) workflow history: each step, who, when, why and with which files. */
export function ContractHistory({ history, group = 'contractStatus' }: { history: Entry[]; group?: 'contractStatus' | 'reportStatus' | 'milestoneStatus' }) {
  const { t } = useTranslation();
  if (history.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('funding.contracts.history.empty')} />;
  return (
    <Timeline
      data-testid="contract-history"
      items={history.map((h, i) => ({
        key: i,
        color: COLOR[h.action] ?? 'blue',
        content: (
          <div>
            <Typography.Text strong>{contractsLabel(t, 'action', h.action)}</Typography.Text>
            {h.fromState !== h.toState && (
              <Typography.Text type="secondary">
                {' '}
                {h.fromState ? `${contractsLabel(t, group, h.fromState)} → ` : ''}
                {contractsLabel(t, group, h.toState)}
              </Typography.Text>
            )}
            <div>
              <Typography.Text type="secondary">
                {h.actorName || t('funding.contracts.history.system')} · {formatDateTime(h.at)}
              </Typography.Text>
            </div>
            {h.comment && <div style={{ whiteSpace: 'pre-wrap' }}>{h.comment}</div>}
            {h.attachments && h.attachments.length > 0 && <AttachmentLinks files={h.attachments} />}
          </div>
        ),
      }))}
    />
  );
}

/** Files as links that open in a new tab (the session cookie goes along). */
export function AttachmentLinks({ files }: { files: { id: string; originalName: string }[] }) {
  return (
    <div className="contract-files" data-testid="attachment-links">
      {files.map((f) => (
        <a key={f.id} href={`/api/files/${encodeURIComponent(f.id)}`} target="_blank" rel="noreferrer">
          <PaperClipOutlined /> {f.originalName}
        </a>
      ))}
    </div>
  );
}
