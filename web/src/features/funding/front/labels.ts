import type { TFunction } from 'i18next';
import i18n from '../../../i18n';

/** Labels of the funding front's enums: funding.front.enum.<group>.<value>, raw value when unknown. */
export type FrontEnum = 'step' | 'callType' | 'callStatus' | 'appStatus' | 'needStatus' | 'needSource' | 'ruleKind' | 'action' | 'outcome' | 'verdict';

export function frontLabel(t: TFunction, group: FrontEnum, value: string | null | undefined): string {
  if (!value) return '—';
  return t(`funding.front.enum.${group}.${value}`, { defaultValue: value });
}

export function frontOptions(t: TFunction, group: FrontEnum, values: readonly string[]) {
  return values.map((v) => ({ value: v, label: frontLabel(t, group, v) }));
}

/** A history state is a call's step while published, else its status, or an application's or a need's status. */
export function stateLabel(t: TFunction, state: string | null | undefined): string {
  if (!state) return '—';
  for (const group of ['step', 'callStatus', 'appStatus', 'needStatus'] as const) {
    const key = `funding.front.enum.${group}.${state}`;
    if (i18n.exists(key)) return t(key);
  }
  return state;
}

export const NEED_STATUS_COLOR: Record<string, string> = { open: 'blue', merged: 'default', in_topic: 'green', closed: 'red' };
export const CALL_STATUS_COLOR: Record<string, string> = { draft: 'default', published: 'blue', completed: 'green', cancelled: 'red' };
export const APP_STATUS_COLOR: Record<string, string> = {
  draft: 'default',
  submitted: 'blue',
  withdrawn: 'default',
  screened_out: 'red',
  screened_in: 'cyan',
  in_review: 'geekblue',
  not_funded: 'orange',
  approved: 'green',
  contracted: 'green',
};
