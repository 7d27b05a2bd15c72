import type { z } from 'zod';
import type { Api, FileResponse, HttpMethod } from '@shared/contract';
import type { QueryValue } from './client';

/*
 * Types of the API client, read from the route contracts in shared/ (the schemas the server
 * validates and serializes with). Nothing here exists at run time.
 */

export type RouteKey = keyof Api;
type Success<K extends RouteKey> = Api[K]['response'][200];

/** Routes answering JSON. */
export type JsonRouteKey = {
  [K in RouteKey]: Api[K] extends { consumes: unknown } ? never : Success<K> extends z.ZodType ? K : never;
}[RouteKey];
/** Routes answering bytes (spreadsheets, stored files). */
export type FileRouteKey = { [K in RouteKey]: Success<K> extends FileResponse ? K : never }[RouteKey];
/** Routes taking one multipart file. */
export type UploadRouteKey = { [K in RouteKey]: Api[K] extends { consumes: unknown } ? K : never }[RouteKey];

/** `'GET /regions'` → `'/regions'` for M = 'GET'. */
export type PathOf<M extends HttpMethod, K extends string> = K extends `${M} ${infer P}` ? P : never;

/** What a route answers (its serialized response). */
export type ResponseOf<K extends RouteKey> = Success<K> extends z.ZodType ? z.output<Success<K>> : never;

/**
 * A query's keys are the route's; its values are whatever the page holds (often read from the URL):
 * the server validates them, and a bad one is a 400 naming the field.
 */
type QueryOfSchema<S extends z.ZodType> = { [F in keyof z.input<S>]?: QueryValue };

type ParamsPart<C> = C extends { params: z.ZodType } ? { params: z.input<C['params']> } : { params?: never };
type QueryPart<C> = C extends { querystring: z.ZodType } ? { query?: QueryOfSchema<C['querystring']> } : { query?: never };
type BodyPart<C> = C extends { body: z.ZodType }
  ? undefined extends z.input<C['body']>
    ? { body?: z.input<C['body']> }
    : { body: z.input<C['body']> }
  : { body?: never };

export type RequestOf<K extends RouteKey> = ParamsPart<Api[K]> &
  QueryPart<Api[K]> &
  BodyPart<Api[K]> & {
    /** Do not trigger the global 401 redirect (the sign-in flow asks who is signed in). */
    quiet401?: boolean;
  };

/** The query a route takes, for pages that build it before calling. */
// Read from the contract, not from RequestOf<K>['query']: indexing that intersection over every route is too complex for tsc.
export type QueryOf<K extends RouteKey> = Api[K] extends { querystring: z.ZodType } ? QueryOfSchema<Api[K]['querystring']> : never;

/** The request argument: optional when the route needs neither params nor a body. */
export type ArgsOf<K extends RouteKey> = object extends RequestOf<K> ? [input?: RequestOf<K>] : [input: RequestOf<K>];

/** The body a route takes, for forms that build it before calling. */
export type BodyOf<K extends RouteKey> = Api[K] extends { body: z.ZodType } ? z.input<Api[K]['body']> : never;
