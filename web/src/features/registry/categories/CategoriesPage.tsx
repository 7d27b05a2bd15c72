import { useMemo, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Col, Empty, Form, Grid, Input, InputNumber, Popconfirm, Row, Space, Switch, Table, Tag, Typography } from 'antd';
import type { TableProps } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api } from '../../../api/client';
import type { TCategory as Category } from '@shared/registry/categories';
import { useLocale } from '../../../app/locale';
import { FormModal, useFormSubmit } from '../../../components/FormModal';
import { useApiError } from '../../../components/useApiError';
import { categoryName } from '../../../lib/labels';
import { useCategories } from '../queries';

/** Same rule as the server's category body; checked here so the admin sees it before sending. */
const CODE_PATTERN = /^[a-z0-9_]+$/;
const LIMITS = { code: 40, nameZh: 40, nameEn: 80, nameZhTw: 40 } as const;

type CategoryValues = Omit<Category, 'id'>;
type Dialog = { mode: 'create' } | { mode: 'edit'; category: Category } | null;

export function CategoriesPage() {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const categories = useCategories();
  const qc = useQueryClient();
  const showError = useApiError();
  const { message } = App.useApp();
  const [form] = Form.useForm<CategoryValues>();
  const [dialog, setDialog] = useState<Dialog>(null);
  const { busy, submit } = useFormSubmit<CategoryValues>(form, { success: t('common.saved'), refreshRegistry: true, done: () => setDialog(null) });
  const [toggling, setToggling] = useState<string | null>(null);
  const items = useMemo(() => categories.data ?? [], [categories.data]);
  // A phone cannot fit five columns; the actions must stay on screen without sideways scrolling.
  const phone = Grid.useBreakpoint().md === false;

  const initial = useMemo<Partial<CategoryValues>>(() => {
    if (dialog?.mode === 'edit') return { ...dialog.category };
    // Seeded orders step by 10, so a new one lands last and leaves room to slot others between.
    const last = items.reduce((m, c) => Math.max(m, c.sortOrder), 0);
    return { sortOrder: last + 10, active: true };
  }, [dialog, items]);

  // Names show in the registry list, its filters and the dashboard, so all of them go stale.
  const refresh = () =>
    Promise.all([
      qc.invalidateQueries({ queryKey: ['registry', 'categories'] }),
      qc.invalidateQueries({ queryKey: ['registry', 'organizations'] }),
      qc.invalidateQueries({ queryKey: ['dashboard'] }),
    ]);

  const save = submit((v) => {
    const body = {
      code: v.code.trim(),
      nameZh: v.nameZh.trim(),
      nameEn: v.nameEn.trim(),
      nameZhTw: v.nameZhTw.trim(),
      sortOrder: v.sortOrder,
      active: v.active,
    };
    if (dialog?.mode !== 'edit') return api.post('/registry/categories', { body });
    const { code: _code, ...patch } = body;
    return api.patch('/registry/categories/:id', { params: { id: dialog.category.id }, body: patch });
  });

  const toggle = async (c: Category) => {
    setToggling(c.id);
    try {
      await api.patch('/registry/categories/:id', { params: { id: c.id }, body: { active: !c.active } });
      await refresh();
      void message.success(c.active ? t('category.deactivated') : t('category.activated'));
    } catch (e) {
      showError(e);
    } finally {
      setToggling(null);
    }
  };

  const editing = dialog?.mode === 'edit';
  const text = (max: number) => [
    { required: true, whitespace: true, message: t('common.required') },
    { max, message: t('category.tooLong', { max }) },
  ];

  const codeTag = (code: string) => <Typography.Text code>{code}</Typography.Text>;
  const columns: TableProps<Category>['columns'] = [
    {
      title: t('category.name'),
      key: 'name',
      render: (_: unknown, c) => (
        <>
          <Typography.Text type={c.active ? undefined : 'secondary'} data-testid={`category-name-${c.code}`}>
            {categoryName(c, locale)}
          </Typography.Text>
          {phone && <div>{codeTag(c.code)}</div>}
        </>
      ),
    },
    ...(phone
      ? []
      : [
          { title: t('category.code'), dataIndex: 'code', render: codeTag },
          { title: t('category.sortOrder'), dataIndex: 'sortOrder', align: 'right' as const, width: 90 },
        ]),
    {
      title: t('category.status'),
      dataIndex: 'active',
      width: phone ? undefined : 100,
      render: (v: boolean) => (v ? <Tag color="green">{t('category.activeYes')}</Tag> : <Tag>{t('category.inactive')}</Tag>),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: phone ? undefined : 140,
      render: (_: unknown, c) => (
        <Space size="small">
          <Button type="link" size="small" style={{ padding: 0 }} onClick={() => setDialog({ mode: 'edit', category: c })} data-testid={`category-edit-${c.code}`}>
            {t('common.edit')}
          </Button>
          <Popconfirm
            title={c.active ? t('category.deactivateConfirm', { name: categoryName(c, locale) }) : t('category.activateConfirm', { name: categoryName(c, locale) })}
            description={<div style={{ maxWidth: 300 }}>{c.active ? t('category.deactivateExplain') : t('category.activateExplain')}</div>}
            okText={c.active ? t('category.deactivate') : t('category.activate')}
            okButtonProps={{ danger: c.active, 'data-testid': 'category-toggle-ok' }}
            cancelText={t('common.cancel')}
            onConfirm={() => toggle(c)}
          >
            <Button type="link" size="small" danger={c.active} style={{ padding: 0 }} loading={toggling === c.id} data-testid={`category-toggle-${c.code}`}>
              {c.active ? t('category.deactivate') : t('category.activate')}
            </Button>
          </Popconfirm>
        </Space>
      ),
    },
  ];

  return (
    <Card>
      <div className="page-toolbar">
        <div className="grow">
          <Typography.Title level={4} style={{ margin: 0 }}>
            {t('category.title')}
          </Typography.Title>
          <Typography.Text type="secondary">{t('category.subtitle')}</Typography.Text>
        </div>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setDialog({ mode: 'create' })} data-testid="category-create">
          {t('category.create')}
        </Button>
      </div>
      <Table<Category>
        rowKey="id"
        size="middle"
        loading={categories.isFetching}
        dataSource={items}
        columns={columns}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{
          emptyText: categories.isLoading ? ' ' : (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('category.empty')}>
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setDialog({ mode: 'create' })}>
                {t('category.create')}
              </Button>
            </Empty>
          ),
        }}
        data-testid="categories-table"
      />
      <FormModal
        open={!!dialog}
        title={dialog?.mode === 'edit' ? t('category.editTitle', { name: categoryName(dialog.category, locale) }) : t('category.create')}
        onCancel={() => setDialog(null)}
        onOk={save}
        busy={busy}
        okTestId="category-save"
        width={560}
      >
        <Form form={form} layout="vertical" initialValues={initial} preserve={false} data-testid="category-form" requiredMark>
          <Form.Item
            name="code"
            label={t('category.code')}
            extra={editing ? t('category.codeFixed') : t('category.codeHint')}
            normalize={(v: string | undefined) => v?.toLowerCase()}
            rules={[
              ...text(LIMITS.code),
              { pattern: CODE_PATTERN, message: t('category.codeFormat') },
              {
                validator: (_, v: string | undefined) =>
                  !editing && v && items.some((c) => c.code === v.trim()) ? Promise.reject(new Error(t('category.codeTaken'))) : Promise.resolve(),
              },
            ]}
          >
            <Input maxLength={LIMITS.code} disabled={editing} style={{ fontFamily: 'monospace' }} autoComplete="off" spellCheck={false} />
          </Form.Item>
          <Form.Item name="nameZh" label={t('category.nameZh')} rules={text(LIMITS.nameZh)}>
            <Input maxLength={LIMITS.nameZh} showCount />
          </Form.Item>
          <Form.Item name="nameZhTw" label={t('category.nameZhTw')} rules={text(LIMITS.nameZhTw)}>
            <Input maxLength={LIMITS.nameZhTw} showCount />
          </Form.Item>
          <Form.Item name="nameEn" label={t('category.nameEn')} rules={text(LIMITS.nameEn)}>
            <Input maxLength={LIMITS.nameEn} showCount />
          </Form.Item>
          <Row gutter={16}>
            <Col xs={24} sm={12}>
              <Form.Item name="sortOrder" label={t('category.sortOrder')} extra={t('category.sortOrderHint')} rules={[{ required: true, message: t('common.required') }]}>
                <InputNumber precision={0} step={10} min={-99999} max={99999} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12}>
              <Form.Item name="active" label={t('category.status')} valuePropName="checked" extra={t('category.activeHint')}>
                <Switch checkedChildren={t('category.activeYes')} unCheckedChildren={t('category.inactive')} />
              </Form.Item>
            </Col>
          </Row>
        </Form>
      </FormModal>
    </Card>
  );
}
