// import.meta.glob (app/features.ts, i18n/index.ts) and asset imports, typed for tsc.
/// <reference types="vite/client" />
