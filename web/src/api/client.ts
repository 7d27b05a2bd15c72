import type { HttpMethod } from '@shared/contract';
import { currentLocale } from '../i18n';
import type { ArgsOf, FileRouteKey, JsonRouteKey, PathOf, RequestOf, ResponseOf, UploadRouteKey } from './contract';

export interface FieldError {
  field: string;
  problem: string;
  message: string;
  /** Codes the server sends beside the message for the screen to act on (FieldProblem.expose). */
  params?: Record<string, string | null>;
}

export interface ApiErrorBody {
  error: { code: string; message: string; fields?: FieldError[]; details?: unknown };
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: FieldError[] = [],
    readonly details?: unknown,
  ) {
    super(message);
  }
}

let csrfToken: string | null = null;
export function setCsrfToken(token: string | null) {
  csrfToken = token;
}

type UnauthorizedHandler = () => void;
let onUnauthorized: UnauthorizedHandler | null = null;
export function setUnauthorizedHandler(h: UnauthorizedHandler | null) {
  onUnauthorized = h;
}

export type QueryValue = string | number | boolean | null | undefined;
export type Query = Record<string, QueryValue>;

export function queryString(q?: Query): string {
  if (!q) return '';
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) {
    if (v === undefined || v === null || v === '') continue;
    p.set(k, String(v));
  }
  const s = p.toString();
  return s ? `?${s}` : '';
}

interface RequestOptions {
  query?: Query;
  body?: unknown;
  /** Do not trigger the global 401 redirect (used by the sign-in flow). */
  quiet401?: boolean;
}

function headers(method: string, json: boolean): Record<string, string> {
  const h: Record<string, string> = { Accept: 'application/json', 'Accept-Language': currentLocale() };
  if (json) h['Content-Type'] = 'application/json';
  if (method !== 'GET' && csrfToken) h['X-CSRF-Token'] = csrfToken;
  return h;
}

async function toError(res: Response): Promise<ApiError> {
  let body: Partial<ApiErrorBody> | null;
  try {
    body = (await res.json()) as ApiErrorBody;
  } catch {
    body = null;
  }
  const e = body?.error;
  return new ApiError(res.status, e?.code ?? 'http_' + res.status, e?.message ?? res.statusText, e?.fields ?? [], e?.details);
}

async function send(method: string, path: string, init: RequestInit, opts: RequestOptions): Promise<Response> {
  const res = await fetch(`/api${path}${queryString(opts.query)}`, { ...init, method, credentials: 'same-origin' });
  if (!res.ok) {
    const err = await toError(res);
    if (res.status === 401 && !opts.quiet401 && onUnauthorized) onUnauthorized();
    throw err;
  }
  return res;
}

async function request(method: string, path: string, opts: RequestOptions): Promise<unknown> {
  const hasBody = opts.body !== undefined;
  const res = await send(
    method,
    path,
    { headers: headers(method, hasBody), body: hasBody ? JSON.stringify(opts.body) : undefined },
    opts,
  );
  if (res.status === 204) return undefined;
  const text = await res.text();
  return text ? JSON.parse(text) : undefined;
}

/** What every call takes, before the contract narrows it (./contract.ts RequestOf). */
interface LooseInput {
  params?: Record<string, string>;
  query?: Query;
  body?: unknown;
  quiet401?: boolean;
}

/** `/registry/members/:memberId` with `{ memberId }` → `/registry/members/3f…`. */
export function fillPath(path: string, params: Record<string, string> = {}): string {
  return path.replace(/:([A-Za-z]+)/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`${path}: no value for :${name}`);
    return encodeURIComponent(value);
  });
}

function call(method: HttpMethod, path: string, input: LooseInput = {}): Promise<unknown> {
  // A write sends a JSON body, if only `{}`: the server's body schemas expect an object.
  const body = method === 'GET' || method === 'DELETE' ? undefined : (input.body ?? {});
  return request(method, fillPath(path, input.params), { query: input.query, body, quiet401: input.quiet401 });
}

type JsonPath<M extends HttpMethod> = PathOf<M, JsonRouteKey>;

/**
 * The typed client. A path is a route of the contract (shared/api.ts) with its `:params`; the
 * route's schemas type the params, query and body, and the answer:
 * `api.get('/registry/organizations/:id', { params: { id } })` is the organisation's detail.
 */
export const api = {
  get: <P extends JsonPath<'GET'>>(path: P, ...[input]: ArgsOf<`GET ${P}`>) =>
    call('GET', path, input as LooseInput) as Promise<ResponseOf<`GET ${P}`>>,
  post: <P extends JsonPath<'POST'>>(path: P, ...[input]: ArgsOf<`POST ${P}`>) =>
    call('POST', path, input as LooseInput) as Promise<ResponseOf<`POST ${P}`>>,
  put: <P extends JsonPath<'PUT'>>(path: P, ...[input]: ArgsOf<`PUT ${P}`>) =>
    call('PUT', path, input as LooseInput) as Promise<ResponseOf<`PUT ${P}`>>,
  patch: <P extends JsonPath<'PATCH'>>(path: P, ...[input]: ArgsOf<`PATCH ${P}`>) =>
    call('PATCH', path, input as LooseInput) as Promise<ResponseOf<`PATCH ${P}`>>,
  del: <P extends JsonPath<'DELETE'>>(path: P, ...[input]: ArgsOf<`DELETE ${P}`>) =>
    call('DELETE', path, input as LooseInput) as Promise<ResponseOf<`DELETE ${P}`>>,
};

/** Uploads one file (multipart field "file") to a route that takes one. */
export async function upload<P extends PathOf<'POST', UploadRouteKey>>(path: P, file: File, ...[input]: ArgsOf<`POST ${P}`>) {
  const form = new FormData();
  form.append('file', file);
  const loose = (input ?? {}) as LooseInput;
  const res = await send('POST', fillPath(path, loose.params), { headers: headers('POST', false), body: form }, { query: loose.query });
  return (await res.json()) as ResponseOf<`POST ${P}`>;
}

/** Fetches a file (a route whose contract answers bytes) and hands it to the browser as a download. */
export async function download<P extends PathOf<'GET', FileRouteKey>>(
  path: P,
  input: RequestOf<`GET ${P}`>,
  fallbackName = 'export.xlsx',
): Promise<void> {
  const loose = input as LooseInput;
  const res = await send('GET', fillPath(path, loose.params), { headers: headers('GET', false) }, { query: loose.query });
  const blob = await res.blob();
  const cd = res.headers.get('Content-Disposition') ?? '';
  const star = /filename\*=UTF-8''([^;]+)/i.exec(cd);
  const plain = /filename="?([^";]+)"?/i.exec(cd);
  const name = star ? decodeURIComponent(star[1]) : plain ? plain[1] : fallbackName;
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
