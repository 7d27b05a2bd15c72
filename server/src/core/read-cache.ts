/**
 * Short-lived caches of read results (who a session belongs to, a list's total and pages, a region's
 * dashboard) that the writes of this process invalidate.
 *
 * Correctness within one process comes from the write generation: every write unit bumps it after
 * its COMMIT (core/write-unit.ts), naming the regions it touched (from its audit rows) or none when
 * it cannot say. An entry that covers some regions is served only while no bump since its load touched
 * a region overlapping them; an entry that covers no stated regions (a session) only while nothing
 * at all was written. Other app instances on the same PostgreSQL server announce their bumps
 * (core/cross-instance-writes.ts); while they cannot be heard the generation is distrusted and no
 * entry is served. The TTL is the last bound, for writes nobody announced (SQL run by hand).
 */

/**
 * READ_CACHE=off (env.ts): every ReadCache built afterwards neither keeps values nor lets concurrent
 * identical requests share one load, so each request pays its own statements. LIST_CACHE_MS=0 alone
 * still shares in-flight loads; this is what a benchmark of the uncached path needs.
 */
export function readCachesOff(env: Record<string, string | undefined> = process.env): boolean {
  return env.READ_CACHE === 'off';
}

/** How many recent bumps are remembered; an entry older than all of them is reloaded. */
const BUMP_LOG = 1_000;

/** Region prefixes overlap when one subtree contains the other. */
function overlaps(written: readonly string[], covered: readonly string[]) {
  return written.some((w) => covered.some((c) => w.startsWith(c) || c.startsWith(w)));
}

export class WriteGeneration {
  #value = 0;
  /** The generation each recent bump made and the region prefixes it touched (null: anything). */
  readonly #log: { generation: number; prefixes: readonly string[] | null }[] = [];
  #trusted = true;

  get value() {
    return this.#value;
  }

  get trusted() {
    return this.#trusted;
  }

  /** Until `trust()`, nothing cached is served or kept: writes elsewhere may be going unheard. */
  distrust() {
    this.#trusted = false;
  }

  /** Writes elsewhere are heard again; any made meanwhile may have touched anything. */
  trust() {
    this.#trusted = true;
    this.bump(null);
  }

  /** Records a write: of records under `prefixes` (division-code prefixes), or of anything. */
  bump(prefixes: readonly string[] | null = null) {
    this.#value++;
    this.#log.push({ generation: this.#value, prefixes });
    if (this.#log.length > BUMP_LOG) this.#log.shift();
  }

  /** Whether a write since generation `since` may have touched what `covered` (prefixes) covers. */
  touchedSince(since: number, covered: readonly string[] | undefined): boolean {
    if (!this.#trusted) return true;
    if (since === this.#value) return false;
    if (!covered) return true;
    if (this.#log.length === 0 || this.#log[0].generation > since + 1) return true;
    for (let i = this.#log.length - 1; i >= 0 && this.#log[i].generation > since; i--) {
      const { prefixes } = this.#log[i];
      if (prefixes === null || overlaps(prefixes, covered)) return true;
    }
    return false;
  }
}

interface Entry<V> {
  value: V;
  generation: number;
  loadedAt: number;
  covers: readonly string[] | undefined;
}

export class ReadCache<V> {
  readonly #entries = new Map<string, Entry<V>>();
  readonly #inflight = new Map<string, { generation: number; covers: readonly string[] | undefined; promise: Promise<V> }>();

  constructor(
    private readonly generation: WriteGeneration,
    private readonly ttlMs: number,
    private readonly maxEntries: number,
    private readonly now: () => number = Date.now,
    private readonly off: boolean = readCachesOff(),
  ) {}

  get(key: string): V | undefined {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    // With a zero TTL the cache only shares concurrent loads; nothing is kept.
    if (this.generation.touchedSince(entry.generation, entry.covers) || this.now() - entry.loadedAt >= this.ttlMs) {
      this.#entries.delete(key);
      return undefined;
    }
    // Nothing it covers was written since: later checks can start from now.
    entry.generation = this.generation.value;
    return entry.value;
  }

  /**
   * The cached value, or `load()`'s. `covers`: the region prefixes the value depends on (omit when
   * any write may change it). Concurrent misses on one key share a single load. The entry records
   * the generation read before loading, so a write that lands mid-load invalidates it.
   */
  getOrLoad(key: string, load: () => Promise<V>, covers?: readonly string[]): Promise<V> {
    // Off, the load's own promise: no wrapper for every request to wait through.
    return this.off ? load() : this.#getOrLoad(key, load, covers);
  }

  async #getOrLoad(key: string, load: () => Promise<V>, covers?: readonly string[]): Promise<V> {
    const hit = this.get(key);
    if (hit !== undefined) return hit;
    const generation = this.generation.value;
    const pending = this.#inflight.get(key);
    if (pending && !this.generation.touchedSince(pending.generation, pending.covers)) return pending.promise;
    const loadedAt = this.now();
    const promise = load().then((value) => {
      this.#store(key, { value, generation, loadedAt, covers });
      return value;
    });
    const inflight = { generation, covers, promise };
    this.#inflight.set(key, inflight);
    try {
      return await promise;
    } finally {
      if (this.#inflight.get(key) === inflight) this.#inflight.delete(key);
    }
  }

  get size() {
    return this.#entries.size;
  }

  #store(key: string, entry: Entry<V>) {
    if (this.generation.touchedSince(entry.generation, entry.covers) || this.ttlMs <= 0) return;
    this.#entries.delete(key);
    if (this.#entries.size >= this.maxEntries) {
      // Maps iterate in insertion order, and hits do not reinsert: this drops the oldest load.
      const oldest = this.#entries.keys().next();
      if (!oldest.done) this.#entries.delete(oldest.value);
    }
    this.#entries.set(key, entry);
  }
}

/** A list total, exact up to a cap. */
export interface ListCount {
  total: number;
  capped: boolean;
}
