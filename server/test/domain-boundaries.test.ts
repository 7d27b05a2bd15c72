import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

/** The lint rule of eslint.config.js that keeps each domain out of the others' tables. */
describe('domain boundaries', () => {
  const eslint = new ESLint();
  const problems = async (filePath: string, code: string) => {
    const [result] = await eslint.lintText(code, { filePath });
    return result.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
  };

  it("refuses a module's import of another module's tables or private files, or of the schema of all tables", async () => {
    const line = "import { registryOrganizations } from '../registry/registry.tables.js';\nexport const x = registryOrganizations;\n";
    expect(await problems('server/src/modules/users/users.service.ts', line)).not.toEqual([]);
    const deep = "import { registryOrganizations } from '../../registry/registry.tables.js';\nexport const x = registryOrganizations;\n";
    expect(await problems('server/src/modules/users/service/thing.ts', deep)).not.toEqual([]);
    const schema = "import * as s from '../../db/schema.js';\nexport const x = s;\n";
    expect(await problems('server/src/modules/users/users.service.ts', schema)).not.toEqual([]);
    const privateFile = "import { organizationNames } from '../registry/registry.queries.js';\nexport const x = organizationNames;\n";
    expect(await problems('server/src/modules/users/users.service.ts', privateFile)).not.toEqual([]);
    const fromCore = "import { registryOrganizations } from '../modules/registry/registry.tables.js';\nexport const x = registryOrganizations;\n";
    expect(await problems('server/src/core/thing.ts', fromCore)).not.toEqual([]);
  });

  it("lets a module import its own tables, core's, shared contracts, and another module's service", async () => {
    const own = "import { registryOrganizations } from '../registry.tables.js';\nexport const x = registryOrganizations;\n";
    expect(await problems('server/src/modules/registry/service/thing.ts', own)).toEqual([]);
    const core = "import { users } from '../../core/core.tables.js';\nexport const x = users;\n";
    expect(await problems('server/src/modules/registry/thing.ts', core)).toEqual([]);
    const service = "import { organizationNames } from '../registry/registry.service.js';\nexport const x = organizationNames;\n";
    expect(await problems('server/src/modules/users/thing.ts', service)).toEqual([]);
    const shared = "import { ZRegion } from '../../../../shared/regions/schemas.js';\nexport const x = ZRegion;\n";
    expect(await problems('server/src/modules/users/thing.ts', shared)).toEqual([]);
  });
});
