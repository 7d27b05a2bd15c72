import { describe, expect, it } from 'vitest';
import { readableLogLines } from './log-lines.js';

function collect() {
  const lines: string[] = [];
  const sink = readableLogLines({ write: (s: string) => (lines.push(s), true) } as never);
  return { lines, sink };
}

describe('readable log lines', () => {
  it('prints one line per request with its method, path, status and time', () => {
    const { lines, sink } = collect();
    const time = new Date(2026, 10, 22, 14, 3, 7).getTime();
    sink.write(`${JSON.stringify({ level: 30, time, reqId: 'req-1', req: { method: 'GET', url: '/api/registry/organizations?q=…' }, msg: 'incoming request' })}\n`);
    sink.write(`${JSON.stringify({ level: 30, time, reqId: 'req-1', res: { statusCode: 200 }, responseTime: 12.4, msg: 'request completed' })}\n`);
    expect(lines).toEqual(['14:03:07 GET /api/registry/organizations?q=… 200 12 ms\n']);
  });

  it('prints other entries as level and message, with their extra fields and the error', () => {
    const { lines, sink } = collect();
    const time = new Date(2026, 10, 22, 9, 0, 0).getTime();
    sink.write(`${JSON.stringify({ level: 30, time, msg: 'ready in 900 ms', startupMs: 900 })}\n`);
    sink.write(`${JSON.stringify({ level: 50, time, msg: 'backup failed', err: { type: 'Error', message: 'disk full', stack: 'at a\nat b' } })}\n`);
    expect(lines[0]).toBe('09:00:00 INFO ready in 900 ms {"startupMs":900}\n');
    expect(lines[1]).toContain('09:00:00 ERROR backup failed\n  Error disk full\n    at a');
  });

  it('passes a line that is not JSON through unchanged', () => {
    const { lines, sink } = collect();
    sink.write('plain text\n');
    expect(lines).toEqual(['plain text\n']);
  });
});
