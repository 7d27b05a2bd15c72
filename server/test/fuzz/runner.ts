/**
 * Sends generated requests one by one and keeps the ledger: every response must be < 500, and a
 * refused one (>= 400) must leave every table as it was. Violations are grouped by cause so a
 * thousand 500s from one bug read as one line, with the first request that showed it.
 */
import type { LogLine, TestApp } from '../build-app.js';
import { changedTables, dbSnapshot } from '../helpers.js';
import { HOSTILE_KEYS } from './hostile.js';
import { compact, materialise, type Materialised, type RequestSpec } from './requests.js';
import type { Actor, World } from './world.js';

export interface Violation {
  kind: '5xx' | 'refused but changed' | 'inject threw' | 'database refused' | 'untranslated refusal';
  route: string;
  request: string;
  response: string;
  /** The logged error behind a 5xx, or the tables a refused request changed. */
  cause: string;
  count: number;
}

export class Ledger {
  requests = 0;
  readonly routes = new Set<string>();
  /** Route → status → responses: FUZZ_VERBOSE=1 prints it, to see how deep the requests get. */
  readonly statuses = new Map<string, Map<string, number>>();
  readonly violations = new Map<string, Violation>();

  record(key: string, v: Omit<Violation, 'count'>) {
    const seen = this.violations.get(key);
    if (seen) seen.count++;
    else this.violations.set(key, { ...v, count: 1 });
  }

  countStatus(route: string, status: number, refusal: string) {
    const byStatus = this.statuses.get(route) ?? new Map<string, number>();
    const key = refusal ? `${status} ${refusal}` : String(status);
    byStatus.set(key, (byStatus.get(key) ?? 0) + 1);
    this.statuses.set(route, byStatus);
  }

  histogram(): string {
    return [...this.statuses]
      .map(([route, byStatus]) => `${route}:\n    ${[...byStatus].sort((a, b) => b[1] - a[1]).map(([s, n]) => `${s} ×${n}`).join('\n    ')}`)
      .join('\n');
  }

  count(kind: Violation['kind']) {
    return [...this.violations.values()].filter((v) => v.kind === kind).reduce((n, v) => n + v.count, 0);
  }

  /** The failure message: one block per distinct violation, reproducible from what it shows. */
  report(seed: number): string {
    const blocks = [...this.violations.values()].map(
      (v, i) =>
        `#${i + 1} ${v.kind} on ${v.route} (×${v.count})\n  request: ${v.request.replace(/\n/g, '\n  ')}\n  response: ${v.response}\n  cause: ${v.cause}`,
    );
    return `${this.violations.size} distinct violation(s) under FUZZ_SEED=${seed}:\n\n${blocks.join('\n\n')}`;
  }
}

/** The error code and first field problem of a refusal, for the FUZZ_VERBOSE histogram. */
function refusalOf(body: string) {
  try {
    const error = JSON.parse(body).error;
    const field = error?.fields?.[0];
    return `${error?.code}${field ? ` ${field.field}:${field.problem}` : ''}`;
  } catch {
    return 'not json';
  }
}

/**
 * A value only the database refused (SQLSTATE class 22, or a check constraint): the schema and the
 * service let through what the column cannot hold, so the answer names no field the user sent.
 * Unique and foreign-key refusals are left out: two racing copies or an id of nothing meet those.
 */
function databaseRefusal(lines: LogLine[]): string | null {
  for (const line of lines.filter((l) => l.msg === 'database refused input')) {
    const err = (line.err ?? {}) as Record<string, unknown>;
    const code = String(err.code ?? '');
    // The same message stands for framework refusals (FST_ERR_…), which are not the database's.
    if (!/^2[23][0-9A-Z]{3}$/.test(code) || code === '23505' || code === '23503') continue;
    const frame = (Array.isArray(err.stack) ? err.stack.map(String) : String(err.stack ?? '').split('\n')).find((f) => f.includes('/server/src/'));
    return compact([code, err.constraint, err.table, err.column, err.routine, frame?.trim()].filter(Boolean).join(' '), 400);
  }
  return null;
}

/**
 * A refusal whose words are not the user's: a catalogue key shown as itself (`problems.x`), a
 * placeholder left unfilled, or (in Chinese, the default language) a field named by its code
 * (`budgetLines.0.amountFen`) because it has no label. Returns what gave it away.
 */
export function untranslated(body: string, chinese: boolean): string | null {
  let error: { message?: unknown; fields?: { field?: unknown; message?: unknown }[] } | undefined;
  try {
    error = JSON.parse(body).error;
  } catch {
    return null;
  }
  const texts = [error?.message, ...(error?.fields ?? []).map((f) => f.message)].filter((m): m is string => typeof m === 'string');
  for (const text of texts) {
    const key = text.match(/\b(?:problems|errors|entities|states|actions|fields)\.[A-Za-z_]+|\{\{|\}\}/);
    if (key) return `"${text}" (${key[0]})`;
  }
  if (!chinese) return null;
  for (const f of error?.fields ?? []) {
    const field = typeof f.field === 'string' ? f.field : '';
    // A field of the route's own (camelCase, or a path into a list) shown as its code: it has no label.
    const code = /^[a-z]+[A-Z]\w*$|^[a-z]\w*\.\d+(\.\w+)*$/.test(field) && !HOSTILE_KEYS.includes(field);
    if (code && typeof f.message === 'string' && f.message.includes(field)) return `"${f.message}" (${field})`;
  }
  return null;
}

/** Where a 500 came from, from the error line the app logged while serving it. */
function causeFromLog(lines: LogLine[]): string {
  const errors = lines.filter((l) => l.level >= 50);
  const err = (errors.at(-1)?.err ?? {}) as Record<string, unknown>;
  const firstFrame = String(err.stack ?? '')
    .split('\n')
    .find((l) => l.includes('/server/src/'))
    ?.trim();
  const what = [err.type, err.code, err.constraint, err.routine, err.message].filter(Boolean).join(' ');
  return compact(`${what || 'no error logged'}${firstFrame ? ` ${firstFrame}` : ''}`, 400);
}

export interface RunOptions {
  t: TestApp & { log: { lines: LogLine[] } };
  world: World;
  ledger: Ledger;
  /** The actors a route lets through (null: sent without signing in). */
  permitted: Map<string, (Actor | null)[]>;
  /** Check that refused requests change nothing (reads skip it: an export is audited). */
  checkUnchanged: boolean;
}

async function send(t: TestApp, m: Materialised) {
  return t.app.inject({ method: m.method, url: m.url, headers: m.headers, payload: m.payload, remoteAddress: m.remoteAddress });
}

export async function runRequests(specs: RequestSpec[], o: RunOptions) {
  let before = o.checkUnchanged ? await dbSnapshot(o.t.db) : {};
  for (const spec of specs) {
    const actors = o.permitted.get(spec.route.key) ?? [];
    if (!actors.length) continue;
    const actor = actors[spec.actor % actors.length];
    const m = await materialise(spec, o.world, actor?.agent ?? null);
    const logFrom = o.t.log.lines.length;
    const copies = spec.twice ? 2 : 1;
    o.ledger.requests += copies;
    o.ledger.routes.add(spec.route.key);
    const request = `${m.shown}\n  as: ${actor?.name ?? 'anonymous'}`;
    let responses;
    try {
      responses = await Promise.all(Array.from({ length: copies }, () => send(o.t, m)));
    } catch (e) {
      o.ledger.record(`threw ${spec.route.key} ${(e as Error).message}`, {
        kind: 'inject threw',
        route: spec.route.key,
        request,
        response: '-',
        cause: compact(String((e as Error).stack ?? e), 600),
      });
      if (o.checkUnchanged) before = await dbSnapshot(o.t.db);
      continue;
    }
    for (const res of responses) {
      o.ledger.countStatus(spec.route.key, res.statusCode, res.statusCode >= 400 ? refusalOf(res.body) : '');
      if (res.statusCode >= 500) {
        const cause = causeFromLog(o.t.log.lines.slice(logFrom));
        // SQLSTATE 3D000: the database is gone. On a shared server another run's global setup drops
        // every test database; what follows would be thousands of 500s that say nothing of the app.
        if (cause.includes('3D000')) throw new Error(`the test database disappeared during the run (${cause})`);
        o.ledger.record(`5xx ${spec.route.key} ${cause}`, { kind: '5xx', route: spec.route.key, request, response: compact(`${res.statusCode} ${res.body}`, 600), cause });
      }
    }
    // Chinese is the default: a request that names no other language gets Chinese words.
    const chinese = !spec.headers.some(([name]) => name.toLowerCase() === 'accept-language');
    for (const res of responses.filter((r) => r.statusCode >= 400 && r.statusCode < 500)) {
      const words = untranslated(res.body, chinese);
      if (words) {
        o.ledger.record(`words ${spec.route.key} ${words.replace(/"[^"]*"/, '')}`, {
          kind: 'untranslated refusal',
          route: spec.route.key,
          request,
          response: compact(`${res.statusCode} ${res.body}`, 600),
          cause: words,
        });
      }
    }
    const refusal = databaseRefusal(o.t.log.lines.slice(logFrom));
    if (refusal) {
      o.ledger.record(`db ${spec.route.key} ${refusal}`, {
        kind: 'database refused',
        route: spec.route.key,
        request,
        response: compact(responses.map((r) => `${r.statusCode} ${r.body}`).join(' | '), 600),
        cause: refusal,
      });
    }
    if (!o.checkUnchanged) continue;
    const after = await dbSnapshot(o.t.db);
    // Refused is every copy refused: when one of two racing copies succeeds, its change is legitimate.
    if (responses.every((r) => r.statusCode >= 400)) {
      const changed = changedTables(before, after);
      if (changed.length) {
        const statuses = responses.map((r) => r.statusCode).join('+');
        o.ledger.record(`changed ${spec.route.key} ${statuses} ${changed.join(',')}`, {
          kind: 'refused but changed',
          route: spec.route.key,
          request,
          response: compact(responses.map((r) => `${r.statusCode} ${r.body}`).join(' | '), 600),
          cause: `tables changed: ${changed.join(', ')}`,
        });
      }
    }
    before = after;
  }
}
