/**
 * Short-lived caches of read results (who a session belongs to, how many rows a list filter
 * matches) that every write in this process invalidates at once.
 *
 * Correctness within one process comes from the write generation: any state-changing request bumps
 * it before its response leaves, and an entry is only served while the generation it was loaded
 * under is still current. The TTL bounds staleness from writers this process cannot see (a second
 * app instance on the same PostgreSQL server).
 */
export class WriteGeneration {
  #value = 0;
  get value() {
    return this.#value;
  }
  bump() {
    this.#value++;
  }
}

interface Entry<V> {
  value: V;
  generation: number;
  loadedAt: number;
}

export class ReadCache<V> {
  readonly #entries = new Map<string, Entry<V>>();
  readonly #inflight = new Map<string, { generation: number; promise: Promise<V> }>();

  constructor(
    private readonly generation: WriteGeneration,
    private readonly ttlMs: number,
    private readonly maxEntries: number,
    private readonly now: () => number = Date.now,
  ) {}

  get(key: string): V | undefined {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    // With a zero TTL the cache only shares concurrent loads; nothing is kept.
    if (entry.generation !== this.generation.value || this.now() - entry.loadedAt >= this.ttlMs) {
      this.#entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  /**
   * The cached value, or `load()`'s. Concurrent misses on one key share a single load. The entry
   * records the generation read before loading, so a write that lands mid-load invalidates it.
   */
  async getOrLoad(key: string, load: () => Promise<V>): Promise<V> {
    const hit = this.get(key);
    if (hit !== undefined) return hit;
    const generation = this.generation.value;
    const pending = this.#inflight.get(key);
    if (pending && pending.generation === generation) return pending.promise;
    const loadedAt = this.now();
    const promise = load().then((value) => {
      this.#store(key, { value, generation, loadedAt });
      return value;
    });
    const inflight = { generation, promise };
    this.#inflight.set(key, inflight);
    try {
      return await promise;
    } finally {
      if (this.#inflight.get(key) === inflight) this.#inflight.delete(key);
    }
  }

  delete(key: string) {
    this.#entries.delete(key);
  }

  get size() {
    return this.#entries.size;
  }

  #store(key: string, entry: Entry<V>) {
    if (entry.generation !== this.generation.value || this.ttlMs <= 0) return;
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
