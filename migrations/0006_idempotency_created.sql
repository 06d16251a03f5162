-- The daily purge deletes keys past their retention by age (functions/housekeeping/purge.ts).
CREATE INDEX idempotency_keys_created ON idempotency_keys(created_at);
