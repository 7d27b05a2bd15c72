import { usePersonalDataKey } from '../src/core/personal-data.js';

/** The fixed data key of the test suite (32 bytes; never a real deployment's). */
export const TEST_DATA_KEY = Buffer.alloc(32, 7);

/** Tests seal with the fixed key, as server.ts does with the real one at start-up. */
export function useTestDataKey() {
  usePersonalDataKey(TEST_DATA_KEY);
}
