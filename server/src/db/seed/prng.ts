/** Deterministic pseudo-random numbers (mulberry32) so the demo figures are the same on every run. */
export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [items[i], items[j]] = [items[j], items[i]];
    }
    return items;
  }

  /** A version-4-shaped UUID drawn from this generator. */
  uuid(): string {
    let hex = '';
    for (let i = 0; i < 4; i++) hex += Math.floor(this.next() * 0x100000000).toString(16).padStart(8, '0');
    const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
  }

  /** Date as YYYY-MM-DD, uniform between two dates (inclusive). */
  date(from: string, to: string): string {
    const a = Date.parse(`${from}T00:00:00Z`);
    const b = Date.parse(`${to}T00:00:00Z`);
    const days = Math.round((b - a) / 86400000);
    return new Date(a + this.int(0, days) * 86400000).toISOString().slice(0, 10);
  }
}

/** Splits `total` into `parts` integers in [min, max] summing exactly to `total`. */
export function splitExact(rng: Rng, total: number, parts: number, min: number, max: number): number[] {
  if (parts * min > total || parts * max < total) throw new Error(`cannot split ${total} into ${parts} parts`);
  const out = Array.from({ length: parts }, () => rng.int(min, max));
  let diff = total - out.reduce((s, v) => s + v, 0);
  while (diff !== 0) {
    const i = rng.int(0, parts - 1);
    if (diff > 0 && out[i] < max) {
      out[i]++;
      diff--;
    } else if (diff < 0 && out[i] > min) {
      out[i]--;
      diff++;
    }
  }
  return out;
}

export function chunks<T>(items: readonly T[], size = 500): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
