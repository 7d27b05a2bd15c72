import type { TFunction } from 'i18next';

/** Labels of the shifts part's enums: volunteers.shifts.enum.<group>.<value>, raw value when unknown. */
export type ShiftsEnum = 'activityType' | 'activityStatus' | 'shiftStatus' | 'signupStatus' | 'method';

export function shiftsLabel(t: TFunction, group: ShiftsEnum, value: string | null | undefined): string {
  if (!value) return '—';
  return t(`volunteers.shifts.enum.${group}.${value}`, { defaultValue: value });
}

export function shiftsOptions(t: TFunction, group: ShiftsEnum, values: readonly string[]) {
  return values.map((v) => ({ value: v, label: shiftsLabel(t, group, v) }));
}

export const ACTIVITY_STATUS_COLOR: Record<string, string> = { draft: 'default', published: 'blue', closed: 'green', cancelled: 'red' };
export const SIGNUP_STATUS_COLOR: Record<string, string> = {
  confirmed: 'blue',
  waiting: 'orange',
  cancelled: 'default',
  checked_in: 'cyan',
  checked_out: 'green',
  no_show: 'red',
};
