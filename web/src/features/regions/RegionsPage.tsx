import { useMemo, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Empty, Form, Input, Modal, Space, Spin, Tree, Typography } from 'antd';
import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { isRegionCode, extendsParent } from '@shared/regions';
import { api } from '../../api/client';
import type { TRegion as Region } from '@shared/regions/schemas';
import { buildRegionTree, useRegionsQuery, type RegionNode } from '../../app/region';
import { useApiError } from '../../components/useApiError';

type Dialog = { mode: 'add'; parent: Region } | { mode: 'rename'; region: Region } | null;

export function RegionsPage() {
  const { t } = useTranslation();
  const q = useRegionsQuery();
  const qc = useQueryClient();
  const showError = useApiError();
  const { message } = App.useApp();
  const [dialog, setDialog] = useState<Dialog>(null);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm();
  const regions = useMemo(() => q.data?.items ?? [], [q.data]);
  const byCode = useMemo(() => new Map(regions.map((r) => [r.code, r])), [regions]);

  const treeData = useMemo(() => {
    const toTree = (nodes: RegionNode[]): object[] =>
      nodes.map((n) => {
        const r = byCode.get(n.value)!;
        return {
          key: n.value,
          title: (
            <Space size={4} wrap>
              <span>{n.title}</span>
              <Typography.Text type="secondary" style={{ fontFamily: 'monospace', fontSize: 12 }}>
                {n.value}
              </Typography.Text>
              {r.inScope && (
                <>
                  <Button size="small" type="link" icon={<PlusOutlined />} onClick={() => setDialog({ mode: 'add', parent: r })}>
                    {t('region.addChild')}
                  </Button>
                  <Button size="small" type="link" icon={<EditOutlined />} onClick={() => setDialog({ mode: 'rename', region: r })}>
                    {t('region.rename')}
                  </Button>
                </>
              )}
            </Space>
          ),
          children: n.children ? toTree(n.children) : undefined,
        };
      });
    return toTree(buildRegionTree(regions, false));
  }, [regions, byCode, t]);

  const save = async () => {
    let v: { code?: string; name: string };
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    setBusy(true);
    try {
      if (dialog?.mode === 'add') await api.post('/regions', { body: { code: v.code ?? '', parentCode: dialog.parent.code, name: v.name.trim() } });
      if (dialog?.mode === 'rename') await api.patch('/regions/:code', { params: { code: dialog.region.code }, body: { name: v.name.trim() } });
      void message.success(t('common.saved'));
      void qc.invalidateQueries({ queryKey: ['regions'] });
      setDialog(null);
    } catch (e) {
      showError(e, form);
    } finally {
      setBusy(false);
    }
  };

  const defaultExpanded = regions.filter((r) => r.code.endsWith('000000')).map((r) => r.code);

  return (
    <Card>
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        {t('region.title')}
      </Typography.Title>
      {q.isLoading ? (
        <Spin />
      ) : regions.length === 0 ? (
        <Empty />
      ) : (
        <Tree treeData={treeData as never} defaultExpandedKeys={defaultExpanded} selectable={false} showLine blockNode />
      )}
      <Modal
        open={!!dialog}
        title={dialog?.mode === 'add' ? t('region.addChildOf', { name: dialog.parent.name }) : t('region.rename')}
        onCancel={() => setDialog(null)}
        onOk={save}
        confirmLoading={busy}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
        destroyOnHidden
      >
        <Form
          form={form}
          layout="vertical"
          preserve={false}
          initialValues={dialog?.mode === 'rename' ? { name: dialog.region.name } : {}}
        >
          {dialog?.mode === 'add' && (
            <Form.Item
              name="code"
              label={t('region.code')}
              extra={t('region.codeHint')}
              rules={[
                { required: true, message: t('common.required') },
                {
                  validator: (_, v: string) => {
                    if (!v) return Promise.resolve();
                    if (!isRegionCode(v)) return Promise.reject(new Error(t('region.codeFormat')));
                    if (!extendsParent(v, dialog.parent.code)) return Promise.reject(new Error(t('region.codeParent')));
                    return Promise.resolve();
                  },
                },
              ]}
            >
              <Input maxLength={12} inputMode="numeric" style={{ fontFamily: 'monospace' }} />
            </Form.Item>
          )}
          <Form.Item name="name" label={t('region.name')} rules={[{ required: true, whitespace: true, message: t('common.required') }]}>
            <Input maxLength={50} />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
