/** An instant as people in China read it: 2026-12-31 17:00:00 (Asia/Shanghai, UTC+8, no daylight saving). */
export function chinaTime(at: Date): string {
  return new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ');
}

/**
 * The server clock: deadlines are compared with this process's clock (NTP-synchronised on the
 * host), the same clock that stamps submitted_at, so the refusal and the record agree. Tests fake it
 * with vi.useFakeTimers({ toFake: ['Date'] }).
 */
export const serverNow = () => new Date();
