-- The register's append-only event log (SQLite).
-- seq is the rowid: appends go to the end of the table's B-tree, replay reads it in order.
-- type and channel hold the stable codes of EventCodes (never enum ordinals).
-- at_epoch_nanos is the citizen's action time, nanoseconds since 1970-01-01T00:00:00Z (exact Instant).
CREATE TABLE register_events (
    seq            INTEGER PRIMARY KEY,
    e164           INTEGER NOT NULL CHECK (e164 > 0),
    type           INTEGER NOT NULL CHECK (type BETWEEN 1 AND 5),
    operator       TEXT,
    at_epoch_nanos INTEGER NOT NULL,
    channel        INTEGER NOT NULL CHECK (channel BETWEEN 1 AND 6),
    evidence       TEXT,
    CHECK ((type IN (3, 4)) = (operator IS NOT NULL))
);

-- history(e164): one number's events in order.
CREATE INDEX register_events_by_number ON register_events (e164, seq);

-- Append-only: the log can grow, never change.
CREATE TRIGGER register_events_no_update BEFORE UPDATE ON register_events
BEGIN
    SELECT RAISE(ABORT, 'register_events is append-only: UPDATE is not allowed');
END;

CREATE TRIGGER register_events_no_delete BEFORE DELETE ON register_events
BEGIN
    SELECT RAISE(ABORT, 'register_events is append-only: DELETE is not allowed');
END;
