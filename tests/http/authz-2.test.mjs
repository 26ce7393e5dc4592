// Shard 1 of the authorisation matrix (tests/http/authz.test.mjs).
globalThis.AUTHZ_SHARD = [1, 3];
await import('./authz.test.mjs');
