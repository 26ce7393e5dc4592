// Shard 2 of the authorisation matrix (tests/http/authz.test.mjs).
globalThis.AUTHZ_SHARD = [2, 3];
await import('./authz.test.mjs');
