import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  // Every table of core and of each domain, wherever it lives: adding a domain edits nothing here.
  schema: ['./server/src/core/**/*.tables.ts', './server/src/modules/*/*.tables.ts'],
  out: './server/src/db/migrations',
});
