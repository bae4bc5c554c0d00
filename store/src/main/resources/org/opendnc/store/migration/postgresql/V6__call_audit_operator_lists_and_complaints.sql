-- Call audits (issue 5): the calling numbers each operator declares, each operator's internal
-- do-not-contact list, and citizens' complaints (PostgreSQL).
-- V6, not V5: the ledger branch adds V5__transparency_log. Times are nanoseconds since the epoch.
-- operator is the operator id of receipts and call records; it need not be a register account
-- (an audited firm may never have checked a list), so there is no foreign key to operators.

-- A declaration is an interval: declared_at until withdrawn_at (NULL while in force).
CREATE TABLE operator_calling_numbers (
    operator                 TEXT   NOT NULL,
    e164                     BIGINT NOT NULL CHECK (e164 > 0),
    declared_at_epoch_nanos  BIGINT NOT NULL,
    withdrawn_at_epoch_nanos BIGINT,
    PRIMARY KEY (operator, e164, declared_at_epoch_nanos),
    CHECK (withdrawn_at_epoch_nanos IS NULL OR withdrawn_at_epoch_nanos >= declared_at_epoch_nanos)
);

-- The internal do-not-contact list: when each number was added and when the person refused
-- (the Edison finding: a list without these dates proves nothing).
CREATE TABLE operator_do_not_contact (
    operator               TEXT   NOT NULL,
    e164                   BIGINT NOT NULL CHECK (e164 > 0),
    added_at_epoch_nanos   BIGINT NOT NULL,
    refused_at_epoch_nanos BIGINT,
    source                 TEXT,
    PRIMARY KEY (operator, e164)
);

-- Complaints from citizens (native format) and from open data (US FTC). id is a digest of the
-- complaint's content and its occurrence in its file, so a re-import adds nothing.
CREATE TABLE complaints (
    id                     TEXT   PRIMARY KEY,
    source                 TEXT   NOT NULL CHECK (source IN ('FTC', 'NATIVE')),
    caller_id              TEXT,
    caller_e164            BIGINT,
    called_e164            BIGINT,
    consumer_area_code     TEXT,
    at_epoch_nanos         BIGINT NOT NULL,
    created_at_epoch_nanos BIGINT,
    company                TEXT,
    subject                TEXT,
    robocall               TEXT,
    city                   TEXT,
    state                  TEXT,
    text                   TEXT,
    file_name              TEXT,
    line                   BIGINT
);

CREATE INDEX complaints_by_caller ON complaints (caller_e164, at_epoch_nanos);
