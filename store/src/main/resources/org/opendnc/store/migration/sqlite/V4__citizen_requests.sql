-- Citizens' requests to act on their numbers, the proof that they hold each line, the calls of
-- the IVR webhook and the development SMS outbox (SQLite).
-- Times are nanoseconds since the epoch (exact Instant round trip).

-- ref is a digest of the request id the citizen holds (the id itself is never stored: it is a
-- bearer secret for the request's status). Register events name the request by ref.
CREATE TABLE citizen_requests (
    ref                         TEXT    PRIMARY KEY,
    action                      TEXT    NOT NULL
        CHECK (action IN ('REGISTER', 'RENEW', 'ALLOW', 'DISALLOW', 'CANCEL', 'STATUS')),
    operator                    TEXT,
    channel                     TEXT    NOT NULL,
    proof                       TEXT    NOT NULL CHECK (proof IN ('SMS_CODE', 'CALL')),
    state                       TEXT    NOT NULL CHECK (state IN ('PENDING', 'LOCKED', 'APPLYING', 'DONE')),
    created_at_epoch_nanos      INTEGER NOT NULL,
    expires_at_epoch_nanos      INTEGER NOT NULL,
    completed_at_epoch_nanos    INTEGER,
    readable_until_epoch_nanos  INTEGER,
    first_seq                   INTEGER,
    last_seq                    INTEGER,
    CHECK ((action IN ('ALLOW', 'DISALLOW')) = (operator IS NOT NULL))
);

-- One line of a request and its proof: a salted code hash (SMS_CODE) or the line to call (CALL).
CREATE TABLE citizen_challenges (
    request_ref             TEXT    NOT NULL REFERENCES citizen_requests (ref),
    position                INTEGER NOT NULL,
    e164                    INTEGER NOT NULL CHECK (e164 > 0),
    code_salt               BLOB,
    code_hash               BLOB,
    call_to                 INTEGER,
    attempts                INTEGER NOT NULL DEFAULT 0,
    created_at_epoch_nanos  INTEGER NOT NULL,
    expires_at_epoch_nanos  INTEGER NOT NULL,
    proven_at_epoch_nanos   INTEGER,
    proof                   TEXT,
    PRIMARY KEY (request_ref, e164)
);

-- Rate limits and call matching look up a number's recent challenges.
CREATE INDEX citizen_challenges_by_number ON citizen_challenges (e164, created_at_epoch_nanos);

-- Every call the telephony platform reported; a retried webhook (same caller, called, at) is one call.
CREATE TABLE ivr_calls (
    id                       TEXT    PRIMARY KEY,
    caller                   TEXT    NOT NULL,
    called                   TEXT    NOT NULL,
    at_epoch_nanos           INTEGER NOT NULL,
    received_at_epoch_nanos  INTEGER NOT NULL,
    outcome                  TEXT    NOT NULL,
    request_ref              TEXT,
    seq                      INTEGER,
    UNIQUE (caller, called, at_epoch_nanos)
);

-- The development SMS gateway's messages, for the log and the admin page.
CREATE TABLE sms_outbox (
    id                      INTEGER PRIMARY KEY,
    to_e164                 INTEGER NOT NULL,
    body                    TEXT    NOT NULL,
    created_at_epoch_nanos  INTEGER NOT NULL
);
