/** Types of scripts/start.mjs, for the tests that import it. */
export interface BuildTarget {
  out: string;
  entry: string;
  inputs: string[];
}
export type TargetName = 'web' | 'server';
export const ROOT: string;
export const STAMP: string;
export const TARGETS: Record<TargetName, BuildTarget>;
export function inputFiles(root: string, inputs: readonly string[]): string[];
export function sourceHash(root: string, inputs: readonly string[]): string;
export function isCurrent(root: string, target: BuildTarget, hash: string): boolean;
export function ensureBuilt(
  names: readonly TargetName[],
  options?: {
    root?: string;
    targets?: Record<TargetName, BuildTarget>;
    builders?: Partial<Record<TargetName, (root: string) => void | Promise<void>>>;
    log?: (message: string) => void;
  },
): Promise<TargetName[]>;
