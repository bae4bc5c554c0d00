-- The transparency log (module ledger, decision 0014) (SQLite): its entries, its full tiles and its
-- signed checkpoints. The log is append-only here too, not only in code: triggers refuse UPDATE
-- and DELETE on all three tables, entries arrive in index order without gaps, and each checkpoint
-- is for a larger tree than the last and covers exactly the stored entries.

-- entry: the leaf data, at most 65,535 bytes (a tlog-tiles entry bundle's limit); its leaf hash,
-- SHA-256(0x00 || entry), is in the level-0 tiles.
CREATE TABLE ledger_entries (
    leaf_index INTEGER PRIMARY KEY CHECK (leaf_index >= 0),
    entry      BLOB    NOT NULL CHECK (length(entry) <= 65535)
);

-- A full tile (c2sp.org/tlog-tiles): the 256 hashes of tree level 8 * level from 256 * tile_index.
-- Partial tiles are never stored: the log keeps them in memory and rebuilds them at open.
CREATE TABLE ledger_tiles (
    level      INTEGER NOT NULL CHECK (level BETWEEN 0 AND 7),
    tile_index INTEGER NOT NULL CHECK (tile_index >= 0),
    hashes     BLOB    NOT NULL CHECK (length(hashes) = 8192),
    PRIMARY KEY (level, tile_index)
);

-- note: the signed checkpoint (c2sp.org/tlog-checkpoint as a signed note), byte for byte as served.
-- integrated_at_epoch_nanos: when its entries were stored, nanoseconds since 1970-01-01T00:00:00Z.
CREATE TABLE ledger_checkpoints (
    tree_size                 INTEGER PRIMARY KEY CHECK (tree_size >= 0),
    integrated_at_epoch_nanos INTEGER NOT NULL,
    note                      TEXT    NOT NULL
);

CREATE TRIGGER ledger_entries_in_order BEFORE INSERT ON ledger_entries
WHEN NEW.leaf_index <> (SELECT coalesce(max(leaf_index) + 1, 0) FROM ledger_entries)
BEGIN
    SELECT RAISE(ABORT, 'ledger_entries is append-only: entries are added in index order without gaps');
END;

CREATE TRIGGER ledger_checkpoints_grow BEFORE INSERT ON ledger_checkpoints
WHEN NEW.tree_size <= (SELECT coalesce(max(tree_size), -1) FROM ledger_checkpoints)
  OR NEW.tree_size <> (SELECT coalesce(max(leaf_index) + 1, 0) FROM ledger_entries)
BEGIN
    SELECT RAISE(ABORT, 'ledger_checkpoints is append-only: a checkpoint is for a larger tree than the last, of all stored entries');
END;

CREATE TRIGGER ledger_entries_no_update BEFORE UPDATE ON ledger_entries
BEGIN
    SELECT RAISE(ABORT, 'ledger_entries is append-only: UPDATE is not allowed');
END;

CREATE TRIGGER ledger_entries_no_delete BEFORE DELETE ON ledger_entries
BEGIN
    SELECT RAISE(ABORT, 'ledger_entries is append-only: DELETE is not allowed');
END;

CREATE TRIGGER ledger_tiles_no_update BEFORE UPDATE ON ledger_tiles
BEGIN
    SELECT RAISE(ABORT, 'ledger_tiles is append-only: UPDATE is not allowed');
END;

CREATE TRIGGER ledger_tiles_no_delete BEFORE DELETE ON ledger_tiles
BEGIN
    SELECT RAISE(ABORT, 'ledger_tiles is append-only: DELETE is not allowed');
END;

CREATE TRIGGER ledger_checkpoints_no_update BEFORE UPDATE ON ledger_checkpoints
BEGIN
    SELECT RAISE(ABORT, 'ledger_checkpoints is append-only: UPDATE is not allowed');
END;

CREATE TRIGGER ledger_checkpoints_no_delete BEFORE DELETE ON ledger_checkpoints
BEGIN
    SELECT RAISE(ABORT, 'ledger_checkpoints is append-only: DELETE is not allowed');
END;
