import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { LOCALES, describeField } from '../i18n/index.js';
import { jobsAudit } from './jobs/jobs.audit.js';
import { loadDomains } from '../domains.js';
import { writeAudit, writeAudits, type AuditEntry } from './audit.js';
import {
  auditSide,
  compilePlan,
  declaredPaths,
  defineAuditEvents,
  masked,
  omitted,
  redacted,
  registerAuditDomains,
  registeredAuditEvents,
  type AuditFieldsOf,
  type CompiledEvent,
  type Plan,
} from './audit-events.js';
import type { WriteCtx } from './write-unit.js';

const AUDIT_DOMAINS = [jobsAudit, ...(await loadDomains()).flatMap((d) => (d.audit ? [d.audit] : []))];
registerAuditDomains(AUDIT_DOMAINS);
const EVENTS = registeredAuditEvents();
const GUARDIAN_ID = '110101199003070019';

/** A write unit whose database records what reaches it: a refused entry never gets there. */
function recordingUnit() {
  const inserted: unknown[] = [];
  const w = {
    actor: { id: '', username: 'test', displayName: '测试', grants: [] },
    requestId: 'test',
    // Its regions are of no interest here: the unit leaves the read caches.
    unit: { leavesCaches: true },
    db: { insert: () => ({ values: async (rows: unknown) => void inserted.push(rows) }) },
  } as unknown as WriteCtx;
  return { w, inserted };
}

const entryOf = (e: CompiledEvent, side: 'before' | 'after', value: unknown): AuditEntry => ({
  action: e.action,
  entityType: e.entity,
  entityId: 'x',
  [side]: value,
});

describe('declared audit events', () => {
  it('cover every domain of the app, each action once', () => {
    expect(EVENTS.length).toBeGreaterThan(30);
    expect(new Set(EVENTS.map((e) => e.action)).size).toBe(EVENTS.length);
    expect(new Set(EVENTS.map((e) => e.domain))).toEqual(new Set(AUDIT_DOMAINS.map((d) => d.domain)));
  });

  it.each(EVENTS.map((e) => [e.action, e] as const))('%s refuses an undeclared field holding an ID number', async (_action, e) => {
    for (const side of ['before', 'after'] as const) {
      const { w, inserted } = recordingUnit();
      const write = writeAudit(w, entryOf(e, side, { guardianIdNumber: GUARDIAN_ID }));
      await expect(write).rejects.toThrow(/guardianIdNumber|declares no/);
      // The refusal names the field, never the value.
      await expect(write).rejects.not.toThrow(GUARDIAN_ID);
      await expect(writeAudits(w, [entryOf(e, side, { guardianIdNumber: GUARDIAN_ID })])).rejects.toThrow();
      expect(inserted).toEqual([]);
    }
  });

  it.each(EVENTS.flatMap((e) => nestedPlans(e).map(([path]) => [`${e.action} ${path}`, e, path] as const)))(
    '%s refuses an undeclared field inside it',
    (_name, e, path) => {
      const [side, ...rest] = path.split('.') as ['before' | 'after', ...string[]];
      const value = rest.reduceRight<unknown>((inner, key) => ({ [key]: inner }), { guardianIdNumber: GUARDIAN_ID });
      expect(() => auditSide(e, side, value)).toThrow(`${path}.guardianIdNumber is not declared`);
    },
  );

  it('refuses an action nobody declared, and a declared action filed under another entity', async () => {
    const { w, inserted } = recordingUnit();
    await expect(writeAudit(w, { action: 'registry.organization.guess', entityType: 'organization' })).rejects.toThrow(/not declared/);
    await expect(writeAudit(w, { action: 'registry.organization.create', entityType: 'member' })).rejects.toThrow(/entityType member/);
    expect(inserted).toEqual([]);
  });

  // A second net under the declarations: a field named like personal data must have chosen a treatment.
  it('declares every field named like an ID number, phone, hash, token or password masked, redacted or omitted', () => {
    const PERSONAL = /id_?number|idcard|phone|mobile|hash|token|password|passwd|secret|csrf|storage_?key/i;
    const kept = EVENTS.flatMap((e) =>
      (['before', 'after'] as const).flatMap((side) => walk(e[side], `${e.action} ${side}`).filter(([path, t]) => PERSONAL.test(path.split('.').pop()!) && t === 'keep')),
    );
    expect(kept).toEqual([]);
  });

  it('names every event and every field it shows in zh-CN, en and zh-TW', () => {
    const unnamed = new Set<string>();
    for (const e of EVENTS) {
      for (const locale of LOCALES) {
        expect(e.label[locale], `${e.action} ${locale}`).toMatch(/\S/);
        for (const path of declaredPaths(e)) for (const key of describeField(locale, path).missing) unnamed.add(`${locale} ${key}`);
      }
    }
    expect([...unnamed]).toEqual([]);
  });
});

describe('what a declared event stores', () => {
  const person = z.object({ name: z.string(), phone: masked(), idNumber: redacted(), idNumberHash: redacted(), nameGrams: omitted() });
  const domain = defineAuditEvents('test-treatments', {
    'test.person.update': {
      entity: 'person',
      label: { 'zh-CN': '测试', en: 'Test', 'zh-TW': '測試' },
      before: person,
      after: z.object({
        person: person.optional(),
        people: z.array(person),
        at: z.string(),
        tags: z.array(z.string()),
        leader: person.shape.phone.optional(),
      }),
    },
  });
  registerAuditDomains([domain]);
  const e = registeredAuditEvents().find((x) => x.action === 'test.person.update')!;

  it('masks phones, redacts identifiers and hashes, drops derived columns, at any depth', () => {
    const row = { name: '周桂英', phone: '13900001111', idNumber: GUARDIAN_ID, idNumberHash: 'abc', nameGrams: ['周'] };
    expect(auditSide(e, 'before', row)).toEqual({ name: '周桂英', phone: '139****1111', idNumber: '[redacted]', idNumberHash: '[redacted]' });
    const after = auditSide(e, 'after', { person: row, people: [row], at: new Date('2024-05-01T00:00:00Z'), tags: ['a'], leader: '13900001111' });
    expect(JSON.stringify(after)).not.toContain(GUARDIAN_ID);
    expect(JSON.stringify(after)).not.toContain('13900001111');
    expect(after).toMatchObject({ people: [{ idNumber: '[redacted]', phone: '139****1111' }], at: '2024-05-01T00:00:00.000Z', leader: '139****1111' });
  });

  it('keeps an empty or missing identifier as it was: the row says it was not set', () => {
    expect(auditSide(e, 'before', { name: 'a', phone: null, idNumber: null, idNumberHash: '' })).toEqual({ name: 'a', phone: null, idNumber: null, idNumberHash: '' });
  });

  it('refuses an object under a field declared as a plain value: its keys would go unchecked', () => {
    expect(() => auditSide(e, 'after', { people: [], at: { guardianIdNumber: GUARDIAN_ID } })).toThrow('after.at holds an object');
    expect(() => auditSide(e, 'after', { people: [], tags: [{ guardianIdNumber: GUARDIAN_ID }] })).toThrow('after.tags holds an object');
  });

  it('reads a treatment through optional and nullable wrappers', () => {
    const plan = compilePlan(z.object({ a: masked().optional(), b: redacted(z.string()).nullable().optional() }));
    expect([...plan.values()].map((f) => f.treatment)).toEqual(['mask', 'redact']);
  });

  it('makes a table column without a declaration a compile error', () => {
    type Row = { id: string; guardianIdNumber: string };
    // @ts-expect-error guardianIdNumber has no declaration
    const missing = { id: z.string() } satisfies AuditFieldsOf<Row>;
    const complete = { id: z.string(), guardianIdNumber: redacted() } satisfies AuditFieldsOf<Row>;
    expect(Object.keys(complete)).toEqual([...Object.keys(missing), 'guardianIdNumber']);
  });
});

/** Every field of a side with its treatment, nested ones by dotted path. */
function walk(plan: Plan | null, prefix: string): [string, string][] {
  return [...(plan ?? [])].flatMap(([key, f]) => [[`${prefix}.${key}`, f.treatment] as [string, string], ...walk(f.nested ?? null, `${prefix}.${key}`)]);
}

/** The declared objects inside an event's sides (`after.query`), where an undeclared key is refused too. */
function nestedPlans(e: CompiledEvent): [string, Plan][] {
  const out: [string, Plan][] = [];
  const visit = (plan: Plan | null, prefix: string) => {
    for (const [key, f] of plan ?? []) {
      if (!f.nested) continue;
      out.push([`${prefix}.${key}`, f.nested]);
      visit(f.nested, `${prefix}.${key}`);
    }
  };
  visit(e.before, 'before');
  visit(e.after, 'after');
  return out;
}
