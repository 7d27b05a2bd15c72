import { describe, expect, it } from 'vitest';
import { ReadCache, WriteGeneration } from './read-cache.js';

function setup(ttlMs = 1000, maxEntries = 10) {
  let clock = 0;
  const generation = new WriteGeneration();
  const cache = new ReadCache<string>(generation, ttlMs, maxEntries, () => clock);
  let loads = 0;
  const load = (value: string) => async () => {
    loads++;
    return value;
  };
  return { cache, generation, load, loads: () => loads, tick: (ms: number) => (clock += ms) };
}

describe('ReadCache', () => {
  it('serves a loaded value until a write bumps the generation', async () => {
    const { cache, generation, load, loads } = setup();
    expect(await cache.getOrLoad('k', load('a'))).toBe('a');
    expect(await cache.getOrLoad('k', load('b'))).toBe('a');
    expect(loads()).toBe(1);
    generation.bump();
    expect(await cache.getOrLoad('k', load('c'))).toBe('c');
    expect(loads()).toBe(2);
  });

  it('expires an entry after its TTL', async () => {
    const { cache, load, tick } = setup(1000);
    await cache.getOrLoad('k', load('a'));
    tick(999);
    expect(cache.get('k')).toBe('a');
    tick(1);
    expect(cache.get('k')).toBeUndefined();
  });

  it('does not keep a value whose load overlapped a write', async () => {
    const { cache, generation } = setup();
    let release!: (v: string) => void;
    const pending = cache.getOrLoad('k', () => new Promise<string>((resolve) => (release = resolve)));
    generation.bump();
    release('read before the write');
    expect(await pending).toBe('read before the write');
    expect(cache.get('k')).toBeUndefined();
  });

  it('shares one load between concurrent misses, and none across a write', async () => {
    const { cache, generation } = setup();
    let loads = 0;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const slow = async () => {
      const n = ++loads;
      await gate;
      return `v${n}`;
    };
    const a = cache.getOrLoad('k', slow);
    const b = cache.getOrLoad('k', slow);
    generation.bump();
    const c = cache.getOrLoad('k', slow);
    release();
    expect(await Promise.all([a, b, c])).toEqual(['v1', 'v1', 'v2']);
    expect(loads).toBe(2);
  });

  it('serves and keeps nothing while distrusted, and reloads everything once trusted again', async () => {
    // Distrusted while the other instances' write notices cannot be heard (core/cross-instance-writes.ts).
    const { cache, generation, load, loads } = setup();
    await cache.getOrLoad('k', load('before'), ['310107']);
    generation.distrust();
    expect(cache.get('k')).toBeUndefined();
    expect(await cache.getOrLoad('k', load('down 1'), ['310107'])).toBe('down 1');
    expect(await cache.getOrLoad('k', load('down 2'), ['310107'])).toBe('down 2');
    expect(cache.size).toBe(0);
    generation.trust();
    expect(await cache.getOrLoad('k', load('back'), ['310107'])).toBe('back');
    expect(await cache.getOrLoad('k', load('unused'), ['310107'])).toBe('back');
    expect(loads()).toBe(4);
  });

  it('forgets a failed load', async () => {
    const { cache, load } = setup();
    await expect(cache.getOrLoad('k', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await cache.getOrLoad('k', load('after'))).toBe('after');
  });

  it('drops the oldest entry past its size, and keeps nothing with a zero TTL', async () => {
    const { cache, load } = setup(1000, 2);
    await cache.getOrLoad('a', load('1'));
    await cache.getOrLoad('b', load('2'));
    await cache.getOrLoad('c', load('3'));
    expect(cache.get('a')).toBeUndefined();
    expect([cache.get('b'), cache.get('c'), cache.size]).toEqual(['2', '3', 2]);

    const none = setup(0);
    await none.cache.getOrLoad('k', none.load('x'));
    await none.cache.getOrLoad('k', none.load('y'));
    expect(none.loads()).toBe(2);
    expect(none.cache.size).toBe(0);
  });
});

describe('ReadCache with regions', () => {
  it('keeps an entry through writes elsewhere, and drops it for a write inside, above or below it', async () => {
    const { cache, generation, load } = setup();
    const putongStreet = ['310107015'];
    await cache.getOrLoad('k', load('street'), putongStreet);
    generation.bump(['310101']); // 黄浦区: elsewhere
    generation.bump(['110101001']); // 北京 东城: elsewhere
    expect(cache.get('k')).toBe('street');
    generation.bump(['310107015003']); // a community inside the street
    expect(cache.get('k')).toBeUndefined();

    await cache.getOrLoad('k', load('street'), putongStreet);
    generation.bump(['31']); // a write to 上海市 itself (a rename, say) shows in the street's list
    expect(cache.get('k')).toBeUndefined();

    await cache.getOrLoad('k', load('street'), putongStreet);
    generation.bump(null); // a write that names no region
    expect(cache.get('k')).toBeUndefined();
  });

  it('drops an entry that names no regions at any write, and one older than the remembered writes', async () => {
    const { cache, generation, load } = setup();
    await cache.getOrLoad('session', load('s'));
    generation.bump(['440305']);
    expect(cache.get('session')).toBeUndefined();

    await cache.getOrLoad('k', load('v'), ['310107']);
    for (let i = 0; i < 1_001; i++) generation.bump(['440305']);
    expect(cache.get('k')).toBeUndefined();
  });

  it('does not store a load that overlapped a write inside its regions, but does one elsewhere', async () => {
    const { cache, generation } = setup();
    let release!: (v: string) => void;
    const inside = cache.getOrLoad('a', () => new Promise<string>((resolve) => (release = resolve)), ['310107']);
    generation.bump(['310107015']);
    release('old');
    await inside;
    expect(cache.get('a')).toBeUndefined();

    const elsewhere = cache.getOrLoad('b', () => new Promise<string>((resolve) => (release = resolve)), ['310107']);
    generation.bump(['310101']);
    release('fresh');
    await elsewhere;
    expect(cache.get('b')).toBe('fresh');
  });
});
