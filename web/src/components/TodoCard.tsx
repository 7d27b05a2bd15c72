import type { ReactNode } from 'react';
import { Button, Card, Space } from 'antd';

/** One home-page to-do: what it is, what it says, and a button to where it is done. Each feature's home cards use it. */
export function TodoCard(props: {
  icon: ReactNode;
  title: ReactNode;
  children: ReactNode;
  action?: { label: string; go: () => void; primary?: boolean };
  testid: string;
}) {
  return (
    <Card
      data-testid={props.testid}
      style={{ height: '100%', display: 'flex', flexDirection: 'column' }}
      styles={{ body: { display: 'flex', flexDirection: 'column', gap: 12, flex: 1 } }}
      title={
        <Space>
          {props.icon}
          <span style={{ whiteSpace: 'normal' }}>{props.title}</span>
        </Space>
      }
    >
      <div style={{ flex: 1 }}>{props.children}</div>
      {props.action && (
        <Button type={props.action.primary ? 'primary' : 'default'} block onClick={props.action.go} style={{ minHeight: 40 }}>
          {props.action.label}
        </Button>
      )}
    </Card>
  );
}
