import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/*
 * The code shown at a shift's venue: the first 8 characters (Crockford base32, 40 bits) of
 * HMAC-SHA256(shift.qr_secret, shiftId + ':' + minute), minute = floor(epoch ms / 60000). A scan is
 * accepted with the current minute's code or the previous minute's (a code read just before the
 * minute turned), so a photo sent home stops working within two minutes. The secret never leaves
 * the server.
 */

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const QR_CODE_LENGTH = 8;
const MINUTE_MS = 60_000;

/** A new shift's secret: 256 random bits. */
export function newQrSecret(): string {
  return randomBytes(32).toString('base64url');
}

export const minuteOf = (now: Date) => Math.floor(now.getTime() / MINUTE_MS);

/** The code of `minute` for the shift. */
export function shiftCode(secret: string, shiftId: string, minute: number): string {
  const mac = createHmac('sha256', secret).update(`${shiftId}:${minute}`).digest();
  // 40 bits = the first 5 bytes, read 5 bits at a time.
  let bits = 0n;
  for (let i = 0; i < 5; i++) bits = (bits << 8n) | BigInt(mac[i]);
  let code = '';
  for (let i = QR_CODE_LENGTH - 1; i >= 0; i--) code += CROCKFORD[Number((bits >> BigInt(i * 5)) & 31n)];
  return code;
}

/** The code on screen now, when the screen should change it, and until when it is accepted. */
export function currentShiftCode(secret: string, shiftId: string, now: Date) {
  const minute = minuteOf(now);
  return {
    code: shiftCode(secret, shiftId, minute),
    refreshAt: new Date((minute + 1) * MINUTE_MS),
    expiresAt: new Date((minute + 2) * MINUTE_MS),
  };
}

/** What a person may have typed for a code: Crockford's reading rules (case, O → 0, I/L → 1, hyphens and spaces ignored). */
export function normaliseCode(input: string): string {
  return input
    .toUpperCase()
    .replace(/[\s-]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
}

/** Whether `input` is the shift's code of this minute or the previous one; compared in constant time. */
export function acceptsShiftCode(secret: string, shiftId: string, input: string, now: Date): boolean {
  const given = Buffer.from(normaliseCode(input));
  const minute = minuteOf(now);
  let ok = false;
  for (const m of [minute, minute - 1]) {
    const expected = Buffer.from(shiftCode(secret, shiftId, m));
    // Both minutes are always compared, so the time taken says nothing about which one matched.
    if (given.length === expected.length && timingSafeEqual(given, expected)) ok = true;
  }
  return ok;
}
