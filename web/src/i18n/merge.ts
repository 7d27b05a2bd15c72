type Dict = Record<string, unknown>;

const isDict = (v: unknown): v is Dict => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The platform's translations with each feature's merged in, object by object (a feature may add to `nav`, `home`, `enums` …). */
export function mergeTranslations(platform: Dict, features: Dict[]): Dict {
  const into = (target: Dict, source: Dict) => {
    for (const [key, value] of Object.entries(source)) {
      const existing = target[key];
      if (isDict(existing) && isDict(value)) into(existing, value);
      else target[key] = isDict(value) ? structuredClone(value) : value;
    }
    return target;
  };
  return features.reduce(into, structuredClone(platform));
}
