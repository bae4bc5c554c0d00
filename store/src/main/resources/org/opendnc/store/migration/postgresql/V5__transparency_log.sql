-- The transparency log (module ledger, decision 0014) (PostgreSQL): its entries, its full tiles and
-- its signed checkpoints. The log is append-only here too, not only in code: triggers refuse
-- UPDATE, DELETE and TRUNCATE on all three tables, entries arrive in index order without gaps, and
-- each checkpoint is for a larger tree than the last and covers exactly the stored entries.

-- entry: the leaf data, at most 65,535 bytes (a tlog-tiles entry bundle's limit); its leaf hash,
-- SHA-256(0x00 || entry), is in the level-0 tiles.
CREATE TABLE ledger_entries (
    leaf_index BIGINT PRIMARY KEY CHECK (leaf_index >= 0),
    entry      BYTEA  NOT NULL CHECK (octet_length(entry) <= 65535)
);

-- A full tile (c2sp.org/tlog-tiles): the 256 hashes of tree level 8 * level from 256 * tile_index.
-- Partial tiles are never stored: the log keeps them in memory and rebuilds them at open.
CREATE TABLE ledger_tiles (
    level      SMALLINT NOT NULL CHECK (level BETWEEN 0 AND 7),
    tile_index BIGINT   NOT NULL CHECK (tile_index >= 0),
    hashes     BYTEA    NOT NULL CHECK (octet_length(hashes) = 8192),
    PRIMARY KEY (level, tile_index)
);

-- note: the signed checkpoint (c2sp.org/tlog-checkpoint as a signed note), byte for byte as served.
-- integrated_at_epoch_nanos: when its entries were stored, nanoseconds since 1970-01-01T00:00:00Z.
CREATE TABLE ledger_checkpoints (
    tree_size                 BIGINT PRIMARY KEY CHECK (tree_size >= 0),
    integrated_at_epoch_nanos BIGINT NOT NULL,
    note                      TEXT   NOT NULL
);

-- Once per statement (the store appends a batch with one COPY): the new rows are consecutive,
-- follow the last stored entry, and nothing lies beyond them.
CREATE FUNCTION ledger_entries_in_order() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    first_new    BIGINT;
    last_new     BIGINT;
    added        BIGINT;
    before_first BIGINT;
BEGIN
    SELECT min(leaf_index), max(leaf_index), count(*) INTO first_new, last_new, added FROM new_entries;
    IF added = 0 THEN
        RETURN NULL;
    END IF;
    SELECT max(leaf_index) INTO before_first FROM ledger_entries WHERE leaf_index < first_new;
    IF last_new - first_new + 1 <> added
        OR coalesce(before_first, -1) <> first_new - 1
        OR EXISTS (SELECT 1 FROM ledger_entries WHERE leaf_index > last_new) THEN
        RAISE EXCEPTION 'ledger_entries is append-only: entries are added in index order without gaps'
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER ledger_entries_in_order
    AFTER INSERT ON ledger_entries
    REFERENCING NEW TABLE AS new_entries
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_entries_in_order();

CREATE FUNCTION ledger_checkpoints_grow() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.tree_size <= (SELECT coalesce(max(tree_size), -1) FROM ledger_checkpoints)
        OR NEW.tree_size <> (SELECT coalesce(max(leaf_index) + 1, 0) FROM ledger_entries) THEN
        RAISE EXCEPTION 'ledger_checkpoints is append-only: a checkpoint is for a larger tree than the last, of all stored entries'
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END;
$$;

CREATE TRIGGER ledger_checkpoints_grow
    BEFORE INSERT ON ledger_checkpoints
    FOR EACH ROW EXECUTE FUNCTION ledger_checkpoints_grow();

CREATE FUNCTION ledger_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only: % is not allowed', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER ledger_entries_no_update_or_delete
    BEFORE UPDATE OR DELETE ON ledger_entries
    FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change();

CREATE TRIGGER ledger_entries_no_truncate
    BEFORE TRUNCATE ON ledger_entries
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change();

CREATE TRIGGER ledger_tiles_no_update_or_delete
    BEFORE UPDATE OR DELETE ON ledger_tiles
    FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change();

CREATE TRIGGER ledger_tiles_no_truncate
    BEFORE TRUNCATE ON ledger_tiles
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change();

CREATE TRIGGER ledger_checkpoints_no_update_or_delete
    BEFORE UPDATE OR DELETE ON ledger_checkpoints
    FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change();

CREATE TRIGGER ledger_checkpoints_no_truncate
    BEFORE TRUNCATE ON ledger_checkpoints
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change();
