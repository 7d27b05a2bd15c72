import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Form, Input, InputNumber, Space, Typography } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';

export interface CriterionRow {
  code?: string;
  name?: string;
  weight?: number | null;
  maxScore?: number | null;
}

/** A code for each criterion the user adds: the server needs one, the user never sees it. */
export function withCodes(rows: CriterionRow[]) {
  const taken = new Set(rows.map((r) => r.code).filter(Boolean));
  let n = 1;
  return rows.map((r) => {
    if (r.code) return r;
    while (taken.has(`c${n}`)) n += 1;
    taken.add(`c${n}`);
    return { ...r, code: `c${n}` };
  });
}

/** A starting rubric the staff adjust: the usual four headings of a 立项评审 score sheet. */
export function defaultRubric(t: TFunction): CriterionRow[] {
  return [
    { name: t('funding.review.rubric.defaults.need'), weight: 30, maxScore: 10 },
    { name: t('funding.review.rubric.defaults.plan'), weight: 30, maxScore: 10 },
    { name: t('funding.review.rubric.defaults.budget'), weight: 20, maxScore: 10 },
    { name: t('funding.review.rubric.defaults.capacity'), weight: 20, maxScore: 10 },
  ];
}

/** The rubric: criteria with their weight (the weights add up to 100, shown as they are typed) and maximum score. */
export function RubricEditor({ disabled }: { disabled?: boolean }) {
  const { t } = useTranslation();
  const rows = (Form.useWatch('criteria') as CriterionRow[] | undefined) ?? [];
  const sum = rows.reduce((s, r) => s + (Number(r?.weight) || 0), 0);
  return (
    <>
      <Form.List
        name="criteria"
        rules={[
          {
            validator: async (_, list: CriterionRow[] | undefined) => {
              if (!list?.length) throw new Error(t('funding.review.rubric.needOne'));
              const total = list.reduce((s, r) => s + (Number(r?.weight) || 0), 0);
              if (total !== 100) throw new Error(t('funding.review.rubric.sumWrong', { sum: total }));
            },
          },
        ]}
      >
        {(fields, { add, remove }, { errors }) => (
          <>
            {fields.map((f, i) => (
              <Space key={f.key} align="start" wrap style={{ display: 'flex', marginBottom: 4 }} data-testid="rubric-row">
                <Typography.Text style={{ display: 'inline-block', width: 20, paddingTop: 5 }}>{i + 1}</Typography.Text>
                <Form.Item
                  name={[f.name, 'name']}
                  rules={[{ required: true, whitespace: true, message: t('funding.review.rubric.nameRequired') }]}
                  style={{ marginBottom: 8 }}
                >
                  <Input placeholder={t('funding.review.rubric.name')} maxLength={100} style={{ width: 240 }} disabled={disabled} />
                </Form.Item>
                <Form.Item name={[f.name, 'weight']} rules={[{ required: true, message: t('funding.review.rubric.weightRequired') }]} style={{ marginBottom: 8 }}>
                  <InputNumber min={1} max={100} precision={0} addonBefore={t('funding.review.rubric.weight')} suffix="%" style={{ width: 170 }} disabled={disabled} />
                </Form.Item>
                <Form.Item name={[f.name, 'maxScore']} rules={[{ required: true, message: t('funding.review.rubric.maxRequired') }]} style={{ marginBottom: 8 }}>
                  <InputNumber min={1} max={100} precision={0} addonBefore={t('funding.review.rubric.maxScore')} style={{ width: 160 }} disabled={disabled} />
                </Form.Item>
                {!disabled && fields.length > 1 && (
                  <Button type="text" icon={<DeleteOutlined />} aria-label={t('common.delete')} onClick={() => remove(f.name)} />
                )}
              </Space>
            ))}
            <Space wrap>
              {!disabled && (
                <Button icon={<PlusOutlined />} onClick={() => add({ weight: null, maxScore: 10 })} disabled={fields.length >= 20} data-testid="rubric-add">
                  {t('funding.review.rubric.add')}
                </Button>
              )}
              <Typography.Text type={sum === 100 ? 'success' : 'danger'} strong data-testid="rubric-sum">
                {t('funding.review.rubric.sum', { sum })}
              </Typography.Text>
            </Space>
            <Form.ErrorList errors={errors} />
          </>
        )}
      </Form.List>
    </>
  );
}
