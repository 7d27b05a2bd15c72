import type { TFunction } from 'i18next';
import { hoursOf } from '@shared/volunteers/overview';

/** Labels of the hours part's enums: volunteers.hours.enum.<group>.<value>, raw value when unknown. */
export type HoursEnum = 'state' | 'kind' | 'honourKind';

export function hoursLabel(t: TFunction, group: HoursEnum, value: string | null | undefined): string {
  if (!value) return '—';
  return t(`volunteers.hours.enum.${group}.${value}`, { defaultValue: value });
}

export function hoursOptions(t: TFunction, group: HoursEnum, values: readonly string[]) {
  return values.map((v) => ({ value: v, label: hoursLabel(t, group, v) }));
}

export const STATE_COLOR: Record<string, string> = { pending: 'orange', approved: 'green', rejected: 'red', reversed: 'default' };

/** Whole minutes as hours with up to two decimals: 90 → "1.5". */
export const hoursText = (minutes: number) => String(hoursOf(minutes));
