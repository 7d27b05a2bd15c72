import { Alert, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

/**
 * 财政部令第102号《政府购买服务管理办法》第二十四条 beside the term: a contract runs at most one year;
 * a stable, recurring service up to three, with its reason. `problem` is what termProblem found in
 * the dates picked so far, so the rule turns red before the server has to refuse.
 */
export function TermRule({ problem, recurring }: { problem: string | null; recurring: boolean }) {
  const { t } = useTranslation();
  const broken = problem === 'contract_term_one_year' || problem === 'contract_term_three_years' || problem === 'contract_term_order';
  return (
    <Alert
      type={broken ? 'error' : 'info'}
      showIcon
      data-testid="term-rule"
      title={t('funding.contracts.rule.title')}
      description={
        <>
          <Typography.Paragraph style={{ marginBottom: 4 }}>{t('funding.contracts.rule.oneYear')}</Typography.Paragraph>
          <Typography.Paragraph style={{ marginBottom: 4 }}>{t('funding.contracts.rule.threeYears')}</Typography.Paragraph>
          {broken && (
            <Typography.Text type="danger" strong>
              {t(`funding.contracts.rule.${problem}`)}
            </Typography.Text>
          )}
          {!broken && recurring && <Typography.Text type="secondary">{t('funding.contracts.rule.recurringChosen')}</Typography.Text>}
        </>
      }
    />
  );
}
