-- The consent ledger's records (issue 4, decision 0018) (SQLite): consents, withdrawals, contracts
-- and list transfers. Each row is the private side of one leaf of the transparency log (V5): the
-- public entry at leaf_index is SHA-256(salt || record), so the log reveals no phone number while
-- the holder of the record and its salt can prove it is in the log. A row is written in the same
-- transaction as its entry (JdbcLogStorage.append), and never changes afterwards.
--
-- record: the record's canonical JSON (RFC 8785), UTF-8 text, byte for byte as committed.
-- e164: the subject's number (NULL for a transfer), for look-ups; also inside the record.
-- logged_at_epoch_nanos: when the register first received the record (also inside the record).
CREATE TABLE ledger_records (
    leaf_index            INTEGER PRIMARY KEY CHECK (leaf_index >= 0),
    record_id             TEXT    NOT NULL UNIQUE,
    kind                  TEXT    NOT NULL CHECK (kind IN ('consent', 'withdrawal', 'contract', 'transfer')),
    operator              TEXT    NOT NULL,
    e164                  INTEGER,
    salt                  BLOB    NOT NULL CHECK (length(salt) = 32),
    record                TEXT    NOT NULL,
    logged_at_epoch_nanos INTEGER NOT NULL
);

CREATE INDEX ledger_records_by_operator ON ledger_records (operator, e164);

CREATE TRIGGER ledger_records_no_update BEFORE UPDATE ON ledger_records
BEGIN
    SELECT RAISE(ABORT, 'ledger_records is append-only: UPDATE is not allowed');
END;

CREATE TRIGGER ledger_records_no_delete BEFORE DELETE ON ledger_records
BEGIN
    SELECT RAISE(ABORT, 'ledger_records is append-only: DELETE is not allowed');
END;

-- The categories an operator belongs to (e.g. energy, telecom), set by the register's staff: a
-- consent naming "category:energy" as a recipient lets a transfer go to any operator listed here
-- with that category. Not chosen by the operators themselves, so a sender cannot widen a consent.
CREATE TABLE ledger_operator_categories (
    operator TEXT NOT NULL,
    category TEXT NOT NULL,
    PRIMARY KEY (operator, category)
);
