/** Types of scripts/build-server.mjs, for the tests that import it. */
export function buildServer(root?: string, outDir?: string): Promise<string>;
