-- The SHA-256 of a receipt's stored callable set, as signed in the receipt (decision 0058).
-- NULL for receipts issued before: their signatures do not cover the set.
ALTER TABLE receipts ADD COLUMN callable_set_sha256 TEXT;
