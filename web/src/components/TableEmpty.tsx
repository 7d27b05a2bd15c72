import { Empty } from 'antd';

/** The empty state of a table, with a sentence that says what is missing. */
export function tableEmpty(description: string, loading = false) {
  return loading ? ' ' : <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={description} />;
}
