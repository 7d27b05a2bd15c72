import { Alert } from 'antd';
import { useTranslation } from 'react-i18next';
import type { TNeed } from '@shared/funding/needs';
import { frontLabel } from './labels';

/** What became of a need, in one plain sentence its submitter understands (F1). */
export function NeedOutcome({ need }: { need: TNeed }) {
  const { t } = useTranslation();
  const calls = need.calls.map((c) => t('funding.front.outcome.call', { title: c.title, year: c.year, step: frontLabel(t, 'step', c.step) })).join('；');
  const topicPart = need.topic
    ? calls
      ? t('funding.front.outcome.topicWithCalls', { topic: need.topic.title, calls })
      : t('funding.front.outcome.topicNoCall', { topic: need.topic.title })
    : '';
  let text: string;
  let type: 'info' | 'success' | 'warning' = 'info';
  if (need.status === 'merged') {
    text = `${t('funding.front.outcome.merged', { title: need.mergedInto?.title ?? '' })}${topicPart ? ` ${topicPart}` : ''}`;
    if (need.topic) type = 'success';
  } else if (need.status === 'in_topic') {
    text = topicPart;
    type = 'success';
  } else if (need.status === 'closed') {
    text = t('funding.front.outcome.closed', { reason: need.closeReason ?? '' });
    type = 'warning';
  } else text = t('funding.front.outcome.open');
  return <Alert type={type} showIcon title={text} data-testid="need-outcome" />;
}
