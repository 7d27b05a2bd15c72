import { z } from 'zod';
import { maskPhone } from '../../../shared/validators.js';
import type { Locale } from '../i18n/index.js';

/*
 * What the audit log may hold. Each domain declares its event types (modules/<domain>/<domain>.audit.ts):
 * the entity an event is about, its name in each language, and a Zod object for its before and after
 * whose fields each carry a treatment. A field without one is kept as it is; a phone is masked, an ID
 * number, password hash, keyed hash or token is redacted; a column derived from others is omitted.
 * writeAudit refuses an action nobody declared and a field its event does not declare, so nothing
 * personal reaches the log because of a field name that nobody listed.
 */

export type Treatment = 'keep' | 'mask' | 'redact' | 'omit';
type Special = Exclude<Treatment, 'keep'>;

const treatments = z.registry<{ audit: Special }>();

function treated<T extends z.ZodType>(audit: Special, schema: T): T {
  // A copy: the schema passed in may be shared (an API field), and keeps its own meaning there.
  const copy = schema.clone() as T;
  (copy as z.ZodType).register(treatments, { audit });
  return copy;
}

/** A phone number: kept as the screens show it (139****1111), enough to see which number it was. */
export const masked = <T extends z.ZodType = z.ZodNullable<z.ZodString>>(schema?: T): T =>
  treated('mask', schema ?? (z.string().nullable() as unknown as T));
/** An identifier the log must not hold (ID number, password hash, keyed hash, token): '[redacted]' when set. */
export const redacted = <T extends z.ZodType = z.ZodNullable<z.ZodString>>(schema?: T): T =>
  treated('redact', schema ?? (z.string().nullable() as unknown as T));
/** A column derived from others (search grams, sort key): the log records its source, not the copy. */
export const omitted = <T extends z.ZodType = z.ZodUnknown>(schema?: T): T => treated('omit', schema ?? (z.unknown() as unknown as T));

/**
 * The fields of a table's row, each to be declared: written as `z.object({...} satisfies
 * AuditFieldsOf<Row>)`, a column added to the table fails to compile until its treatment is chosen.
 */
export type AuditFieldsOf<Row> = { [K in keyof Row]-?: z.ZodType };

export type AuditLabel = Record<Locale, string>;

export interface AuditEventDeclaration {
  /** The entityType its rows carry. */
  entity: string;
  label: AuditLabel;
  before?: z.ZodObject;
  after?: z.ZodObject;
}

export interface AuditDomain<E extends Record<string, AuditEventDeclaration> = Record<string, AuditEventDeclaration>> {
  domain: string;
  events: E;
}

/** One domain's audit events, keyed by action ('registry.organization.create'). */
export function defineAuditEvents<const E extends Record<string, AuditEventDeclaration>>(domain: string, events: E): AuditDomain<E> {
  return { domain, events };
}

// ---------------------------------------------------------------------------------------------
// Compiled once per event: the declared keys of each side, so a write checks keys, not a Zod parse.

export interface FieldPlan {
  treatment: Treatment;
  /** A declared object (or list of objects): its own keys are checked in turn. */
  nested?: Plan;
}
export type Plan = Map<string, FieldPlan>;

export interface CompiledEvent {
  action: string;
  domain: string;
  entity: string;
  label: AuditLabel;
  before: Plan | null;
  after: Plan | null;
}

function treatmentOf(schema: z.ZodType): Treatment {
  // Read through optional/nullable/default wrappers: `masked(...).optional()` stays masked.
  for (let s: z.ZodType | undefined = schema; s; s = innerOf(s)) {
    const meta = treatments.get(s);
    if (meta) return meta.audit;
  }
  return 'keep';
}

function innerOf(schema: z.ZodType): z.ZodType | undefined {
  if (schema instanceof z.ZodOptional || schema instanceof z.ZodNullable || schema instanceof z.ZodDefault) {
    return schema.unwrap() as z.ZodType;
  }
  return undefined;
}

function structureOf(schema: z.ZodType): z.ZodObject | undefined {
  let s: z.ZodType | undefined = schema;
  while (s && !(s instanceof z.ZodObject) && !(s instanceof z.ZodArray)) s = innerOf(s);
  if (s instanceof z.ZodArray) return structureOf(s.element as z.ZodType);
  return s instanceof z.ZodObject ? s : undefined;
}

export function compilePlan(object: z.ZodObject): Plan {
  const plan: Plan = new Map();
  for (const [key, field] of Object.entries(object.shape as Record<string, z.ZodType>)) {
    const treatment = treatmentOf(field);
    const structure = treatment === 'keep' ? structureOf(field) : undefined;
    plan.set(key, structure ? { treatment, nested: compilePlan(structure) } : { treatment });
  }
  return plan;
}

// ---------------------------------------------------------------------------------------------
// The registry: every domain of the running app, registered at start-up (app.ts).

const byAction = new Map<string, CompiledEvent>();
const domains = new Map<string, AuditDomain>();

export function registerAuditDomains(list: readonly AuditDomain[]) {
  for (const d of list) {
    const known = domains.get(d.domain);
    if (known === d) continue;
    if (known) throw new Error(`audit domain ${d.domain} is declared twice`);
    for (const [action, e] of Object.entries(d.events)) {
      const other = byAction.get(action);
      if (other) throw new Error(`audit action ${action} is declared by ${other.domain} and ${d.domain}`);
      byAction.set(action, {
        action,
        domain: d.domain,
        entity: e.entity,
        label: e.label,
        before: e.before ? compilePlan(e.before) : null,
        after: e.after ? compilePlan(e.after) : null,
      });
    }
    domains.set(d.domain, d);
  }
}

export function auditEventOf(action: string): CompiledEvent | undefined {
  return byAction.get(action);
}

/** The declared fields of an event in declaration order, nested ones by dotted path (`query.regionCode`). */
export function declaredPaths(event: CompiledEvent): string[] {
  const paths = new Set<string>();
  const walk = (plan: Plan | null, prefix: string) => {
    for (const [key, field] of plan ?? []) {
      if (field.treatment === 'omit') continue;
      const path = prefix ? `${prefix}.${key}` : key;
      paths.add(path);
      if (field.nested) walk(field.nested, path);
    }
  };
  walk(event.after, '');
  walk(event.before, '');
  return [...paths];
}

export function registeredAuditEvents(): CompiledEvent[] {
  return [...byAction.values()];
}

// ---------------------------------------------------------------------------------------------
// Writing: what a declared event's before/after become in the log.

/**
 * A write the declarations do not allow. Refused in production as in tests: writing the row
 * without the field would hide a change from the log, writing it whole might put personal data
 * there, and a refused write fails the whole unit loudly, so the missing declaration is added
 * rather than the gap lived with. The message names the action and the field, never its value.
 */
export class AuditDeclarationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AuditDeclarationError';
  }
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);

function leaf(value: unknown, where: () => string): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map((v) => leaf(v, where));
  // A structure under a plain field would carry keys nobody declared.
  if (isPlainObject(value)) throw new AuditDeclarationError(`${where()} holds an object its declaration does not describe`);
  return value;
}

function apply(plan: Plan, value: Record<string, unknown>, where: (key: string) => string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const field = plan.get(key);
    if (!field) throw new AuditDeclarationError(`${where(key)} is not declared`);
    const v = value[key];
    if (v === undefined || field.treatment === 'omit') continue;
    if (field.treatment === 'redact') out[key] = v === null || v === '' ? v : '[redacted]';
    else if (field.treatment === 'mask') out[key] = typeof v === 'string' ? maskPhone(v) : v === null ? null : '[redacted]';
    else if (field.nested) out[key] = nested(field.nested, v, (k) => `${where(key)}.${k}`);
    else out[key] = leaf(v, () => where(key));
  }
  return out;
}

function nested(plan: Plan, value: unknown, where: (key: string) => string): unknown {
  if (value === null) return null;
  if (Array.isArray(value)) return value.map((item, i) => nested(plan, item, (k) => where(`${i}.${k}`)));
  if (!isPlainObject(value)) throw new AuditDeclarationError(`${where('')} is declared as an object`);
  return apply(plan, value, where);
}

/** The before or after of one entry as the log stores it; throws on anything undeclared. */
export function auditSide(event: CompiledEvent, side: 'before' | 'after', value: unknown): Record<string, unknown> | null {
  if (value === null || value === undefined) return null;
  const plan = event[side];
  const where = (key: string) => `audit ${event.action}: ${side}.${key}`;
  if (!plan) throw new AuditDeclarationError(`audit ${event.action}: declares no ${side}`);
  if (!isPlainObject(value)) throw new AuditDeclarationError(`audit ${event.action}: ${side} is not an object`);
  return apply(plan, value, where);
}

/** The declared event of an entry, or an error naming what is missing. */
export function declaredEvent(action: string, entityType: string): CompiledEvent {
  const event = byAction.get(action);
  if (!event) {
    const known = [...domains.keys()].join(', ') || 'none (the app registers the domains at start-up)';
    throw new AuditDeclarationError(`audit action ${action} is not declared (domains registered: ${known})`);
  }
  if (event.entity !== entityType) {
    throw new AuditDeclarationError(`audit ${action}: entityType ${entityType} where ${event.entity} is declared`);
  }
  return event;
}
