import { describe, expect, it } from 'vitest';
import { ReadCache, readCachesOff, WriteGeneration } from './read-cache.js';

describe('READ_CACHE=off', () => {
  it('is read from the environment', () => {
    expect(readCachesOff({ READ_CACHE: 'off' })).toBe(true);
    expect(readCachesOff({ READ_CACHE: 'on' })).toBe(false);
    expect(readCachesOff({})).toBe(false);
  });

  it('neither keeps a value nor shares a load in flight', async () => {
    const cache = new ReadCache<number>(new WriteGeneration(), 60_000, 10, Date.now, true);
    let loads = 0;
    const load = async () => {
      await new Promise((r) => setTimeout(r, 5));
      return ++loads;
    };
    // With LIST_CACHE_MS=0 these two would share one load; off, each pays its own.
    const [a, b] = await Promise.all([cache.getOrLoad('k', load), cache.getOrLoad('k', load)]);
    expect([a, b].sort()).toEqual([1, 2]);
    expect(await cache.getOrLoad('k', load)).toBe(3);
    expect(cache.size).toBe(0);
  });

  it('on, concurrent identical loads are shared and kept', async () => {
    const cache = new ReadCache<number>(new WriteGeneration(), 60_000, 10, Date.now, false);
    let loads = 0;
    const load = async () => {
      await new Promise((r) => setTimeout(r, 5));
      return ++loads;
    };
    expect(await Promise.all([cache.getOrLoad('k', load), cache.getOrLoad('k', load)])).toEqual([1, 1]);
    expect(await cache.getOrLoad('k', load)).toBe(1);
  });
});
