/**
 * The funding pipeline (DOMAIN.md F, seed 004): the ten steps from residents' needs to an evaluated
 * contract, and the kinds of call that run a subset of them.
 */
export const PIPELINE_STEPS = [
  'needs', // 需求征集
  'curation', // 需求梳理
  'call', // 项目征集
  'screening', // 项目初筛
  'review', // 立项评审
  'notice', // 项目公示
  'optimisation', // 项目优化
  'contract', // 项目签约
  'monitoring', // 项目监测
  'evaluation', // 项目评估
] as const;
export type PipelineStep = (typeof PIPELINE_STEPS)[number];

/** 政府购买服务(公开竞标), 公益创投, 微创投, 自治创投, 种子基金. */
export const CALL_TYPES = ['purchase', 'venture', 'micro_venture', 'self_governance', 'seed_fund'] as const;
export type CallType = (typeof CALL_TYPES)[number];

/**
 * The steps each kind of call runs when no region has configured it. A purchase of services runs all
 * ten (seed 004); the smaller venture calls skip the needs survey and the optimisation round, and a
 * seed fund for young organisations has no public needs stage either.
 */
export const DEFAULT_CALL_STEPS: Record<CallType, readonly PipelineStep[]> = {
  purchase: PIPELINE_STEPS,
  venture: ['needs', 'curation', 'call', 'screening', 'review', 'notice', 'optimisation', 'contract', 'monitoring', 'evaluation'],
  micro_venture: ['call', 'screening', 'review', 'notice', 'contract', 'monitoring', 'evaluation'],
  self_governance: ['needs', 'call', 'screening', 'review', 'notice', 'contract', 'monitoring', 'evaluation'],
  seed_fund: ['call', 'screening', 'review', 'notice', 'contract', 'monitoring', 'evaluation'],
};

/** Steps every call runs, whatever its configuration: without them nothing is applied for or paid. */
export const REQUIRED_STEPS: readonly PipelineStep[] = ['call', 'review', 'contract', 'evaluation'];

/**
 * Orderings that must hold in any configuration: [earlier, later]. Anything not constrained may be
 * arranged by the region (e.g. the notice before or after optimisation).
 */
export const STEP_ORDER_RULES: readonly (readonly [PipelineStep, PipelineStep])[] = [
  ['needs', 'curation'],
  ['needs', 'call'],
  ['curation', 'call'],
  ['call', 'screening'],
  ['call', 'review'],
  ['screening', 'review'],
  ['review', 'notice'],
  ['review', 'optimisation'],
  ['review', 'contract'],
  ['notice', 'contract'],
  ['optimisation', 'contract'],
  ['contract', 'monitoring'],
  ['contract', 'evaluation'],
  ['monitoring', 'evaluation'],
];

/** Why a list of steps is not a valid pipeline, or null when it is. */
export function stepListProblem(steps: readonly PipelineStep[]): { code: 'duplicate' | 'missing' | 'order'; step: PipelineStep; other?: PipelineStep } | null {
  const seen = new Set<PipelineStep>();
  for (const step of steps) {
    if (seen.has(step)) return { code: 'duplicate', step };
    seen.add(step);
  }
  for (const step of REQUIRED_STEPS) if (!seen.has(step)) return { code: 'missing', step };
  for (const [earlier, later] of STEP_ORDER_RULES) {
    const a = steps.indexOf(earlier);
    const b = steps.indexOf(later);
    if (a >= 0 && b >= 0 && a > b) return { code: 'order', step: earlier, other: later };
  }
  return null;
}
