import type { Writable } from 'node:stream';

/**
 * A log destination for a person at a terminal: one line per request ("14:03:07 GET /api/… 200 12 ms")
 * instead of pino's two JSON lines, and "LEVEL message" for the rest. Production keeps JSON
 * (LOG_FORMAT=json, the default when stdout is not a terminal), which log collectors read. The
 * serializers in logging.ts have already removed personal data by the time a line gets here.
 */
const LEVELS: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };
const HIDDEN = new Set(['level', 'time', 'pid', 'hostname', 'msg', 'reqId', 'req', 'res', 'err', 'responseTime']);
/** Requests whose start was seen but not their end; bounded so a flood of dropped connections cannot grow it. */
const MAX_OPEN_REQUESTS = 10_000;

function clockOf(time: unknown) {
  const d = typeof time === 'number' ? new Date(time) : new Date();
  return d.toTimeString().slice(0, 8);
}

function extrasOf(entry: Record<string, unknown>) {
  const rest = Object.entries(entry).filter(([k]) => !HIDDEN.has(k));
  return rest.length ? ` ${JSON.stringify(Object.fromEntries(rest))}` : '';
}

function errorOf(err: unknown) {
  if (!err || typeof err !== 'object') return '';
  const e = err as { type?: string; message?: string; code?: string; constraint?: string; stack?: string };
  const head = [e.type, e.code, e.constraint, e.message].filter(Boolean).join(' ');
  const frames = e.stack ? `\n    ${e.stack.split('\n').slice(0, 4).map((s) => s.trim()).join('\n    ')}` : '';
  return `\n  ${head}${frames}`;
}

export function readableLogLines(out: Pick<Writable, 'write'>) {
  const open = new Map<string, string>();
  return {
    write(chunk: string) {
      for (const line of chunk.split('\n')) {
        if (!line.trim()) continue;
        let entry: Record<string, unknown>;
        try {
          entry = JSON.parse(line);
        } catch {
          out.write(`${line}\n`);
          continue;
        }
        const level = LEVELS[entry.level as number] ?? String(entry.level);
        const reqId = typeof entry.reqId === 'string' ? entry.reqId : undefined;
        const req = entry.req as { method?: string; url?: string } | undefined;
        if (entry.msg === 'incoming request' && reqId && req) {
          if (open.size >= MAX_OPEN_REQUESTS) open.clear();
          open.set(reqId, `${req.method} ${req.url}`);
          continue;
        }
        if (entry.msg === 'request completed' && reqId) {
          const what = open.get(reqId) ?? '(request)';
          open.delete(reqId);
          const status = (entry.res as { statusCode?: number } | undefined)?.statusCode ?? '';
          const ms = typeof entry.responseTime === 'number' ? `${Math.round(entry.responseTime)} ms` : '';
          out.write(`${clockOf(entry.time)} ${what} ${status} ${ms}\n`);
          continue;
        }
        out.write(`${clockOf(entry.time)} ${level} ${String(entry.msg ?? '')}${extrasOf(entry)}${errorOf(entry.err)}\n`);
      }
      return true;
    },
  };
}
