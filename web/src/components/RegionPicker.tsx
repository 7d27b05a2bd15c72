import { TreeSelect } from 'antd';
import { useTranslation } from 'react-i18next';
import { useRegion } from '../app/region';

/** A TreeSelect over the regions the user may see (out-of-scope ancestors are greyed out). */
export function RegionPicker(props: {
  value?: string;
  onChange?: (v: string) => void;
  style?: React.CSSProperties;
  allowClear?: boolean;
  placeholder?: string;
  id?: string;
}) {
  const { tree } = useRegion();
  const { t } = useTranslation();
  return (
    <TreeSelect
      id={props.id}
      value={props.value}
      onChange={props.onChange}
      treeData={tree}
      treeDefaultExpandAll={false}
      treeDefaultExpandedKeys={props.value ? [props.value] : undefined}
      showSearch={{ treeNodeFilterProp: 'title' }}
      allowClear={props.allowClear}
      placeholder={props.placeholder ?? t('region.choose')}
      style={props.style ?? { width: '100%' }}
      popupMatchSelectWidth={false}
    />
  );
}
