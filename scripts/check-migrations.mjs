// Fails when the Drizzle schema and the committed migrations disagree: regenerating must yield nothing.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';

const committed = 'server/src/db/migrations';
// drizzle-kit resolves `out` against the working directory, so the scratch copy lives inside the project.
const scratch = '.tmp/migration-check';
rmSync(scratch, { recursive: true, force: true });
mkdirSync(scratch, { recursive: true });
cpSync(committed, `${scratch}/migrations`, { recursive: true });
// The project's own config (its table globs), with the output redirected to the scratch copy.
writeFileSync(
  `${scratch}/drizzle.config.ts`,
  `import base from '../../drizzle.config';\nexport default { ...base, out: './${scratch}/migrations' };\n`,
);
const list = () => readdirSync(`${scratch}/migrations`).sort().join(',');
const before = list();
const output = execFileSync('npx', ['drizzle-kit', 'generate', '--config', `${scratch}/drizzle.config.ts`], {
  encoding: 'utf8',
  stdio: ['ignore', 'pipe', 'pipe'],
});
const after = list();
rmSync(scratch, { recursive: true, force: true });
if (before !== after || !/No schema changes/.test(output)) {
  console.error(output);
  console.error('The schema has changes without a migration. Run `npm run db:generate` and commit the result.');
  process.exit(1);
}
console.info('migrations match the schema');
