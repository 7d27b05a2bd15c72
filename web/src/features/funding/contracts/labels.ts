import type { TFunction } from 'i18next';

/** Labels of the contracts part's enums: funding.contracts.enum.<group>.<value>, the raw value when unknown. */
export type ContractsEnum =
  | 'contractStatus'
  | 'trigger'
  | 'trancheStatus'
  | 'milestoneStatus'
  | 'reportStatus'
  | 'frequency'
  | 'rating'
  | 'evaluationKind'
  | 'assigneeRole'
  | 'action'
  | 'field';

export function contractsLabel(t: TFunction, group: ContractsEnum, value: string | null | undefined): string {
  if (!value) return '—';
  return t(`funding.contracts.enum.${group}.${value.replace(/\./g, '_')}`, { defaultValue: value });
}

export function contractsOptions(t: TFunction, group: ContractsEnum, values: readonly string[]) {
  return values.map((v) => ({ value: v, label: contractsLabel(t, group, v) }));
}

export const CONTRACT_STATUS_COLOR: Record<string, string> = { draft: 'default', signed: 'blue', completed: 'green', terminated: 'red' };
export const TRANCHE_STATUS_COLOR: Record<string, string> = { pending: 'gold', paid: 'green', withheld: 'red' };
export const MILESTONE_STATUS_COLOR: Record<string, string> = { pending: 'default', submitted: 'blue', accepted: 'green', rejected: 'red' };
export const REPORT_STATUS_COLOR: Record<string, string> = { pending: 'default', submitted: 'blue', accepted: 'green', returned: 'orange' };
export const RATING_COLOR: Record<string, string> = { excellent: 'green', good: 'blue', fair: 'gold', poor: 'red' };
