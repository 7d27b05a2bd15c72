/**
 * Spellings of an API path that a router may take for the same route while a naive gate (one that
 * looks at the raw URL) does not: percent-encoded letters ("/%61pi/…"), encoded slashes, doubled
 * slashes, dot segments, a different case, matrix parameters.
 */
import fc from 'fast-check';

const hex = (c: string, upper: boolean) => {
  const h = c.charCodeAt(0).toString(16).padStart(2, '0');
  return `%${upper ? h.toUpperCase() : h}`;
};

export function pathVariant(path: string): fc.Arbitrary<string> {
  const letters = [...path].map((c, i) => [c, i] as const).filter(([c]) => /[a-z]/i.test(c)).map(([, i]) => i);
  const slashes = [...path].map((c, i) => [c, i] as const).filter(([c, i]) => c === '/' && i > 0).map(([, i]) => i);
  const at = (i: number, replacement: string) => path.slice(0, i) + replacement + path.slice(i + 1);
  return fc.oneof(
    fc.tuple(fc.subarray(letters, { minLength: 1, maxLength: 3 }), fc.boolean()).map(([idx, upper]) =>
      [...path].map((c, i) => (idx.includes(i) ? hex(c, upper) : c)).join(''),
    ),
    fc.constant(at(1, '%61')),
    fc.constantFrom(...slashes, 0).map((i) => (i === 0 ? `/${path}` : at(i, i % 2 ? '%2f' : '//'))),
    fc.constantFrom(`${path}/`, `${path}/.`, `${path.replace('/api/', '/api/./')}`, `${path.replace('/api/', '/x/../api/')}`),
    fc.constantFrom(path.toUpperCase(), path.replace('/api/', '/API/'), `${path};x=1`, `${path}%00`, `${path}%20`),
  );
}
