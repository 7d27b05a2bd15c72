// autocannon ships no types; the bench uses a small part of it (see run.ts).
declare module 'autocannon';
