export * from '../core/core.tables.js';
export * from '../modules/registry/registry.tables.js';
