import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import { readdirSync } from 'node:fs';

/**
 * A domain reads another's data only through its service: no module imports another module's
 * tables (nor the schema that re-exports them all), and core imports none. Core's own tables
 * (users and grants, regions, audit, workflow history, files, jobs) are the platform's, open to all.
 * Tests may set up data through any module's tables; production code may not.
 */
const MODULES = readdirSync(new URL('./server/src/modules', import.meta.url), { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name);
const TABLES_MESSAGE = "Read another domain's data through its service, not its tables.";
const foreignTables = (own) => ({
  'no-restricted-imports': [
    'error',
    {
      patterns: [
        { regex: `^(\\.\\./)+(?!core/${own ? `|${own}/` : ''})[\\w-]+/[\\w./-]*\\.tables(\\.js)?$`, message: TABLES_MESSAGE },
        { regex: '(^|/)modules/[\\w-]+/[\\w./-]*\\.tables(\\.js)?$', message: TABLES_MESSAGE },
        { regex: '(^|/)db/schema(\\.js)?$', message: TABLES_MESSAGE },
        ...(own
          ? [
              {
                // Into another module, only its service: `../<other>/<other>.service.js` (or a deeper `../../<other>/…`).
                regex: `^(\\.\\./)+(${MODULES.filter((m) => m !== own).join('|')})/(?!\\2\\.service(\\.js)?$).+$`,
                message: "Another domain is reached only through its service (modules/<name>/<name>.service.ts).",
              },
            ]
          : []),
      ],
    },
  ],
});

export default tseslint.config(
  { ignores: ['node_modules', 'web/dist', 'data', 'server/src/db/migrations', 'coverage', 'test-results', '.tmp', 'bench/registry/.data', 'dist', 'bench/restart/.data'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'off',
      // Domains add to shared interfaces (permissions, API routes) by declaration merging: `interface X extends Y {}`.
      '@typescript-eslint/no-empty-object-type': ['error', { allowInterfaces: 'with-single-extends' }],
      'no-console': ['error', { allow: ['warn', 'error', 'info'] }],
    },
  },
  {
    files: ['web/src/**/*.tsx', 'web/src/**/*.ts'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'warn' },
  },
  { files: ['scripts/**', 'bench/**'], rules: { 'no-console': 'off' } },
  ...MODULES.map((name) => ({
    files: [`server/src/modules/${name}/**/*.ts`],
    // Test code (tests, refusal-matrix fragments, factories) sets up any domain's data directly.
    ignores: ['**/*.test.ts', '**/*.matrix.ts', '**/*.factories.ts'],
    rules: foreignTables(name),
  })),
  { files: ['server/src/core/**/*.ts'], ignores: ['**/*.test.ts'], rules: foreignTables(null) },
);
