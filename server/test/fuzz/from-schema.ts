/**
 * Values generated from a route's JSON schema (as the OpenAPI document states it): valid-ish ones
 * that reach the service and the database, and per-field hostile ones that must be refused there
 * or before. Ids and region codes are symbolic (`Ref`) so a generated request stays the same
 * under one seed although every run's database hands out new uuids.
 */
import fc from 'fast-check';
import { HOSTILE_NUMBERS, HOSTILE_STRINGS, hostileString, hostileValue, HOSTILE_KEYS, ID_NUMBER } from './hostile.js';

export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  pattern?: string;
  format?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  nullable?: boolean;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
}

/** Which fixture a symbolic reference points into (see world.ts). */
export type PoolName =
  | 'region'
  | 'foreignRegion'
  | 'organization'
  | 'member'
  | 'filing'
  | 'user'
  | 'category'
  | 'file'
  | 'anyId'
  | 'orgName'
  | 'uscc'
  // The funding pipeline (funding-world.ts) and the working-day calendar.
  | 'call'
  | 'application'
  | 'need'
  | 'topic'
  | 'panel'
  | 'assignment'
  | 'notice'
  | 'objection'
  | 'contract'
  | 'milestone'
  | 'report'
  | 'evaluation'
  | 'fund'
  | 'expert'
  | 'date'
  | 'year'
  | 'version'
  // The volunteers domain (volunteers-world.ts).
  | 'volunteer'
  | 'team'
  | 'activity'
  | 'shift'
  | 'signup'
  | 'hourEntry';

export class Ref {
  constructor(
    readonly pool: PoolName,
    readonly index: number,
  ) {}
}

export const ref = (pool: PoolName) => fc.nat(1_000).map((i) => new Ref(pool, i));

export const REGION_PATTERN = '^\\d{12}$';
const MONTH_PATTERN = '^\\d{4}-(0[1-9]|1[0-2])$';

/** Funding fields and path segments (the segment before a path parameter) and their fixtures. */
const FUNDING_POOLS: Record<string, PoolName> = {
  callId: 'call',
  calls: 'call',
  applicationId: 'application',
  applications: 'application',
  proposals: 'application',
  results: 'application',
  needIds: 'need',
  needId: 'need',
  intoId: 'need',
  needs: 'need',
  topicId: 'topic',
  topicIds: 'topic',
  topics: 'topic',
  panels: 'panel',
  assignments: 'assignment',
  notices: 'notice',
  objections: 'objection',
  contracts: 'contract',
  milestones: 'milestone',
  reports: 'report',
  evaluations: 'evaluation',
  fundId: 'fund',
  funds: 'fund',
  expertId: 'expert',
  expertIds: 'expert',
  addExpertIds: 'expert',
  chairId: 'expert',
  photoIds: 'file',
  days: 'date',
  calendar: 'year',
  versions: 'version',
  // The volunteers domain.
  volunteers: 'volunteer',
  volunteerId: 'volunteer',
  teams: 'team',
  teamId: 'team',
  activities: 'activity',
  activityId: 'activity',
  shifts: 'shift',
  shiftId: 'shift',
  signups: 'signup',
  hours: 'hourEntry',
  ownerOrganizationId: 'organization',
  socialWorkerId: 'user',
};

/** The fixture an id field names, from its name (body fields) or the path segment before it. */
export function poolForId(name: string): PoolName {
  const funding = FUNDING_POOLS[name];
  if (funding) return funding;
  if (/category/i.test(name)) return 'category';
  if (/^(organizationId|parentId|organizations)$/.test(name)) return 'organization';
  if (/member/i.test(name)) return 'member';
  if (/filing/i.test(name)) return 'filing';
  if (/^users?$|userId/.test(name)) return 'user';
  if (/attachment|files?$|fileId/i.test(name)) return 'file';
  return 'anyId';
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');
const isoDate = fc.record({ y: fc.integer({ min: 1950, max: 2024 }), m: fc.integer({ min: 1, max: 12 }), d: fc.integer({ min: 1, max: 28 }) }).map(
  ({ y, m, d }) => `${y}-${pad(m)}-${pad(d)}`,
);
/** Recent months, so a monthly report is sometimes for a month it may be filed for. */
const recentMonth = fc.integer({ min: 0, max: 24 }).map((back) => {
  const now = new Date();
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - back, 1));
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}`;
});
/** Instants around now (deadlines ahead and just past), with the offsets clients send. */
const recentInstant = fc
  .tuple(fc.integer({ min: -3 * 86_400, max: 60 * 86_400 }), fc.constantFrom('Z', '+08:00', '-05:00'))
  .map(([seconds, offset]) => {
    const at = new Date(Date.now() + seconds * 1000);
    const shift = offset === 'Z' ? 0 : Number(offset.slice(0, 3)) * 3600_000;
    return `${new Date(at.getTime() + shift).toISOString().slice(0, 19)}${offset}`;
  });
const plainText = fc.constantFrom('张三', '李四', '社区活动室', '每周练习', '合唱团', '测试', 'Ann', '新名称', '阳光志愿服务队');
const validPhone = fc.integer({ min: 0, max: 99_999_999 }).map((n) => `139${pad(n, 8)}`);

function typesOf(schema: JsonSchema): string[] {
  if (Array.isArray(schema.type)) return schema.type;
  if (schema.type) return [schema.type];
  if (schema.properties) return ['object'];
  if (schema.items) return ['array'];
  return [];
}

/** A value the schema accepts, or nearly: what a correct client sends. */
export function validish(schema: JsonSchema, name = ''): fc.Arbitrary<unknown> {
  const arb = validishNotNull(schema, name);
  return schema.nullable ? fc.oneof({ weight: 4, arbitrary: arb }, { weight: 1, arbitrary: fc.constant(null) }) : arb;
}

function validishNotNull(schema: JsonSchema, name: string): fc.Arbitrary<unknown> {
  const branches = schema.anyOf ?? schema.oneOf;
  if (branches?.length) return fc.oneof(...branches.map((b) => validish(b, name)));
  if (schema.allOf?.length) return validish(Object.assign({}, ...schema.allOf), name);
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum?.length) return fc.constantFrom(...schema.enum);
  const type = typesOf(schema).find((t) => t !== 'null');
  switch (type) {
    case 'string':
      return validString(schema, name);
    case 'integer':
    case 'number': {
      // Within ±1000 of what the schema allows, so a range like years 2000–2100 is hit too.
      const min = schema.minimum ?? Math.min(-1000, (schema.maximum ?? 0) - 1000);
      const max = Math.min(schema.maximum ?? min + 2000, min + 2000);
      return fc.integer({ min, max });
    }
    case 'boolean':
      return fc.boolean();
    case 'array':
      return fc.array(validish(schema.items ?? {}, name), {
        minLength: schema.minItems ?? 0,
        maxLength: Math.max(schema.minItems ?? 0, Math.min(schema.maxItems ?? 3, 3)),
      });
    case 'object': {
      // Optional fields are left out more often than not: each one sent is one more way for an
      // otherwise valid body to be refused before it reaches the database.
      const required = new Set(schema.required ?? []);
      const fields = Object.entries(schema.properties ?? {}).map(([k, s]) =>
        required.has(k)
          ? validish(s, k).map((v) => [k, v] as const)
          : fc.oneof({ weight: 2, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: validish(s, k).map((v) => [k, v] as const) }),
      );
      return fc.tuple(...fields).map((entries) => Object.fromEntries(entries.filter((e) => e !== null)));
    }
    default:
      return fc.jsonValue({ maxDepth: 1 });
  }
}

function validString(schema: JsonSchema, name: string): fc.Arbitrary<unknown> {
  if (schema.format === 'uuid') return fc.oneof({ weight: 5, arbitrary: ref(poolForId(name)) }, { weight: 1, arbitrary: fc.uuid() });
  if (schema.format === 'date') return isoDate;
  if (schema.format === 'date-time') return recentInstant;
  if (schema.pattern === REGION_PATTERN || (!schema.pattern && /regionCode|parentCode|^code$/.test(name))) {
    return fc.oneof({ weight: 6, arbitrary: ref('region') }, { weight: 1, arbitrary: fc.stringMatching(/^\d{12}$/) });
  }
  if (schema.pattern === MONTH_PATTERN) return recentMonth;
  if (/phone/i.test(name)) return validPhone;
  if (/idNumber/i.test(name)) return fc.constantFrom(ID_NUMBER, '310107195001010013');
  if (name === 'uscc') return ref('uscc');
  if (/password/i.test(name)) return fc.constantFrom('Passw0rd!', 'Changed123', 'short');
  const max = schema.maxLength ?? 40;
  const min = schema.minLength ?? 0;
  if (schema.pattern) {
    return fc.stringMatching(new RegExp(schema.pattern), { maxLength: Math.min(max, 30) }).filter((s) => s.length >= min && s.length <= max);
  }
  return plainText.map((s) => s.slice(0, max)).filter((s) => s.length >= min);
}

/**
 * Values aimed at one field: mostly ones of the right type that the schema may let through (so
 * the service and the database meet them), then the field's own edge cases, then anything.
 */
export function hostileFor(schema: JsonSchema, name = ''): fc.Arbitrary<unknown> {
  const own: unknown[] = [];
  const type = typesOf(schema).find((t) => t !== 'null');
  if (schema.format === 'date') own.push('0000-01-01', '2024-02-30', '9999-12-31', '1899-12-31', '2101-01-01', '2024-2-3', '20240101', '-000001-01-01');
  if (schema.pattern === MONTH_PATTERN) own.push('0000-01', '2024-00', '9999-12', '2024-13', '1899-12', '2100-12');
  if (schema.format === 'date-time') {
    // Year 0000 and years past 9999 pass an ISO check; PostgreSQL refuses them.
    own.push('0000-01-01T00:00:00Z', '9999-12-31T23:59:59-14:00', '-000001-01-01T00:00:00Z', '2024-02-30T00:00:00Z', '2024-01-01T24:00:00Z', '2024-01-01T00:00:00', '2024-01-01T00:00:00+25:00');
  }
  if (schema.pattern === REGION_PATTERN || /regionCode|parentCode|code/.test(name)) {
    own.push('000000000000', '999999999999', '110000000000', '123456789012', '12345678901', '1234567890123', '11000000000０');
  }
  if (schema.format === 'uuid') {
    own.push('00000000-0000-0000-0000-000000000000', '6BA7B810-9DAD-11D1-80B4-00C04FD430C8', '{6ba7b810-9dad-11d1-80b4-00c04fd430c8}', '6ba7b8109dad11d180b400c04fd430c8', 'not-a-uuid');
  }
  if (type === 'string' && schema.maxLength !== undefined) {
    const max = schema.maxLength;
    own.push('x'.repeat(max), 'x'.repeat(max + 1), '中'.repeat(max), '😀'.repeat(Math.floor(max / 2)), '😀'.repeat(Math.ceil(max / 2) + 1), `${' '.repeat(max + 3)}a`);
  }
  if (type === 'integer' || type === 'number') {
    if (schema.minimum !== undefined && Number.isSafeInteger(schema.minimum - 1)) own.push(schema.minimum - 1);
    if (schema.maximum !== undefined && Number.isSafeInteger(schema.maximum + 1)) own.push(schema.maximum + 1);
    if (schema.minimum !== undefined) own.push(schema.minimum);
    if (schema.maximum !== undefined) own.push(schema.maximum);
    own.push(...HOSTILE_NUMBERS);
  }
  if (type === 'array') own.push(Array.from({ length: (schema.maxItems ?? 20) + 1 }, () => 'x'), [[]], [null]);
  if (type === 'object') own.push([], 'x', { '': null });
  const choices: fc.WeightedArbitrary<unknown>[] = [{ weight: 1, arbitrary: hostileValue }];
  if (own.length) choices.push({ weight: 2, arbitrary: fc.constantFrom(...own) });
  if (type === 'string') {
    const fitting = HOSTILE_STRINGS.filter((s) => s.length >= (schema.minLength ?? 0) && s.length <= (schema.maxLength ?? Infinity));
    if (fitting.length) choices.push({ weight: 4, arbitrary: fc.constantFrom(...fitting) });
  }
  if (schema.format === 'uuid') choices.push({ weight: 2, arbitrary: fc.oneof(fc.uuid(), ref('anyId')) });
  if (schema.pattern === REGION_PATTERN) choices.push({ weight: 2, arbitrary: fc.oneof(ref('foreignRegion'), fc.stringMatching(/^\d{12}$/)) });
  if (type === 'object' && schema.properties) choices.push({ weight: 2, arbitrary: hostileBody(schema) });
  if (type === 'array' && schema.items) choices.push({ weight: 2, arbitrary: fc.array(hostileFor(schema.items, name), { minLength: 1, maxLength: 3 }) });
  return fc.oneof(...choices);
}

/** An own property even for `__proto__`, which an object literal would turn into the prototype. */
export function withKey(target: Record<string, unknown>, key: string, value: unknown) {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  return target;
}

function replaceFields(base: unknown, changes: [string, unknown][]) {
  const out: Record<string, unknown> = {};
  if (base && typeof base === 'object' && !Array.isArray(base)) for (const [k, v] of Object.entries(base)) withKey(out, k, v);
  for (const [k, v] of changes) withKey(out, k, v);
  return out;
}

/**
 * A body for an object schema: mostly valid with one or several fields made hostile, sometimes
 * valid as a whole, with keys no schema names, or not an object at all.
 */
export function hostileBody(schema: JsonSchema): fc.Arbitrary<unknown> {
  const props = Object.entries(schema.properties ?? {});
  const base = validish(schema);
  const field = props.length
    ? fc.constantFrom(...props).chain(([k, s]) => hostileFor(s, k).map((v) => [k, v] as [string, unknown]))
    : fc.tuple(fc.constantFrom(...HOSTILE_KEYS), hostileValue);
  return fc.oneof(
    { weight: 2, arbitrary: base },
    { weight: 6, arbitrary: fc.tuple(base, field).map(([b, f]) => replaceFields(b, [f])) },
    { weight: 2, arbitrary: fc.tuple(base, fc.array(field, { minLength: 2, maxLength: 5 })).map(([b, fs]) => replaceFields(b, fs)) },
    {
      weight: 1,
      arbitrary: fc.tuple(base, fc.array(fc.tuple(fc.constantFrom(...HOSTILE_KEYS), hostileValue), { minLength: 1, maxLength: 3 })).map(([b, fs]) =>
        replaceFields(b, fs),
      ),
    },
    { weight: 1, arbitrary: hostileValue },
  );
}

/** Validish or hostile values for one query or path parameter, before encoding. */
export function paramValue(schema: JsonSchema, name: string): fc.Arbitrary<unknown> {
  return fc.oneof({ weight: 3, arbitrary: validish(schema, name) }, { weight: 2, arbitrary: hostileFor(schema, name) }, { weight: 1, arbitrary: hostileString });
}
