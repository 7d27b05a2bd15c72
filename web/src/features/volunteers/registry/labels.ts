import type { TFunction } from 'i18next';
import type { FormRule } from 'antd';
import { checkIdNumber, isMobilePhone } from '@shared/validators';
import { AVAILABILITY_CODES, availabilityLabel as slotLabel, type AvailabilitySlot, VOLUNTEER_STATUSES, type VolunteerStatus } from '@shared/volunteers/states';
import { currentLocale } from '../../../i18n';

export const STATUS_COLOR: Record<VolunteerStatus, string> = { pending: 'orange', active: 'green', suspended: 'red', left: 'default' };

export const statusOptions = (t: TFunction) => VOLUNTEER_STATUSES.map((s) => ({ value: s, label: t(`volunteers.registry.status.${s}`) }));

/** Skills and time slots offered as choices; a person may type others. */
export const SKILL_CHOICES = [
  '陪伴聊天', '助餐送餐', '理发', '家电维修', '缝补', '法律咨询', '医疗保健', '心理疏导', '书法', '绘画', '摄影', '声乐',
  '舞蹈', '电脑操作', '英语', '财务记账', '驾驶', '手语', '急救', '文字宣传', '活动组织', '物资搬运', '收银理货', '课业辅导',
];
/** A stored time slot in the reader's language (the shared list's labels, as the export writes them). */
export function availabilityLabel(v: string): string {
  return slotLabel(v, currentLocale());
}

/** The time slots offered (可服务时间): the server accepts these and nothing else. */
export const availabilityOptions = () => AVAILABILITY_CODES.map((a) => ({ value: a, label: availabilityLabel(a) }));

/** The slots of a stored record the form can send back (a value from before the list is dropped). */
export const knownSlots = (held: string[]) => held.filter((h): h is AvailabilitySlot => (AVAILABILITY_CODES as readonly string[]).includes(h));

/**
 * The 身份证号 rules: while typing, only a wrong character or a complete but invalid number is
 * flagged; leaving the field (or submitting) checks the whole number.
 */
export function idNumberRules(t: TFunction, required = true): FormRule[] {
  return [
    { required, whitespace: true, message: t('volunteers.registry.field.idNumberRequired') },
    {
      validateTrigger: 'onChange',
      validator: (_, raw?: string) => {
        const v = (raw ?? '').trim().toUpperCase();
        if (!v) return Promise.resolve();
        if (!/^\d{0,17}[\dX]?$/.test(v)) return Promise.reject(new Error(t('validation.idNumber.format')));
        if (v.length < 18) return Promise.resolve();
        const p = checkIdNumber(v);
        return p ? Promise.reject(new Error(t(`validation.idNumber.${p}`))) : Promise.resolve();
      },
    },
    {
      validateTrigger: 'onBlur',
      validator: (_, raw?: string) => {
        const v = (raw ?? '').trim();
        if (!v) return Promise.resolve();
        const p = checkIdNumber(v);
        return p ? Promise.reject(new Error(t(`validation.idNumber.${p}`))) : Promise.resolve();
      },
    },
  ];
}

export function phoneRules(t: TFunction): FormRule[] {
  return [
    { required: true, whitespace: true, message: t('volunteers.registry.field.phoneRequired') },
    { validator: (_, v?: string) => (!v || isMobilePhone(v.trim()) ? Promise.resolve() : Promise.reject(new Error(t('validation.phone')))) },
  ];
}
