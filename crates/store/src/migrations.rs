//! Schema migrations. APPEND ONLY: a released migration is never edited, because databases
//! in the field have already run it. Each entry is one schema version.

use rusqlite_migration::{M, Migrations};

/// Version 1: cases, item states, evidence, decisions, the audit log and settings.
const V1: &str = r#"
CREATE TABLE cases (
    id               TEXT PRIMARY KEY NOT NULL,
    kind             TEXT NOT NULL CHECK (kind IN ('person', 'company')),
    display_name     TEXT NOT NULL,
    -- Folded, lower-cased names and identifiers, for the case-list filter.
    search_text      TEXT NOT NULL,
    fields_json      TEXT NOT NULL,
    template_id      TEXT NOT NULL,
    template_version INTEGER NOT NULL,
    created_at       TEXT NOT NULL,
    created_by       TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    -- Kept in step with item_states and decisions in the same transaction, so the case
    -- list needs no aggregate over every item of every case.
    answered_count   INTEGER NOT NULL DEFAULT 0,
    red_flag_count   INTEGER NOT NULL DEFAULT 0,
    decision         TEXT CHECK (decision IS NULL OR decision IN
                        ('proceed', 'proceed_with_conditions', 'do_not_proceed', 'escalate')),
    decided_at       TEXT
) STRICT;
CREATE INDEX cases_by_update ON cases (updated_at DESC);

CREATE TABLE item_states (
    case_id    TEXT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    item_id    TEXT NOT NULL,
    outcome    TEXT NOT NULL CHECK (outcome IN ('pending', 'pass', 'concern', 'fail', 'not_applicable')),
    note       TEXT NOT NULL DEFAULT '',
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    PRIMARY KEY (case_id, item_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE evidence (
    id             TEXT PRIMARY KEY NOT NULL,
    case_id        TEXT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    item_id        TEXT NOT NULL,
    kind           TEXT NOT NULL CHECK (kind IN ('file', 'url')),
    -- File name as chosen, or the URL.
    name           TEXT NOT NULL,
    size           INTEGER,
    sha256         TEXT,
    media_type     TEXT,
    captured_at    TEXT NOT NULL,
    effective_date TEXT,
    added_by       TEXT NOT NULL,
    note           TEXT NOT NULL DEFAULT '',
    CHECK (kind = 'url' OR (sha256 IS NOT NULL AND size IS NOT NULL))
) STRICT;
CREATE INDEX evidence_by_case ON evidence (case_id, item_id);
CREATE INDEX evidence_by_hash ON evidence (sha256) WHERE sha256 IS NOT NULL;

CREATE TABLE decisions (
    case_id     TEXT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    seq         INTEGER NOT NULL,
    decision    TEXT NOT NULL CHECK (decision IN
                    ('proceed', 'proceed_with_conditions', 'do_not_proceed', 'escalate')),
    rationale   TEXT NOT NULL,
    reviewer    TEXT NOT NULL,
    decided_at  TEXT NOT NULL,
    recorded_by TEXT NOT NULL,
    PRIMARY KEY (case_id, seq)
) STRICT;

CREATE TABLE events (
    stream    TEXT NOT NULL,
    seq       INTEGER NOT NULL,
    at        TEXT NOT NULL,
    actor     TEXT NOT NULL,
    kind      TEXT NOT NULL,
    item_id   TEXT,
    payload   TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash      TEXT NOT NULL,
    PRIMARY KEY (stream, seq)
) STRICT;
CREATE INDEX events_by_item ON events (stream, item_id) WHERE item_id IS NOT NULL;

-- The head of every chain, so that events cut off the end are detected.
CREATE TABLE chains (
    stream    TEXT PRIMARY KEY NOT NULL,
    head_hash TEXT NOT NULL,
    length    INTEGER NOT NULL
) STRICT;

-- History is append-only through the app. Events of a case may be removed only together
-- with the case itself (after a confirmed delete, which is recorded in the global stream).
CREATE TRIGGER events_are_append_only BEFORE UPDATE ON events
BEGIN
    SELECT RAISE(ABORT, 'audit events are append-only');
END;
CREATE TRIGGER events_outlive_edits BEFORE DELETE ON events
WHEN OLD.stream = 'global' OR EXISTS (SELECT 1 FROM cases WHERE id = OLD.stream)
BEGIN
    SELECT RAISE(ABORT, 'audit events of an existing case cannot be deleted');
END;

CREATE TABLE settings (
    key   TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
) STRICT;
"#;

/// Version 2: a decision remembers the material fingerprint it signed off, so a later
/// material edit can mark it stale.
const V2: &str = r#"
ALTER TABLE decisions ADD COLUMN material_fingerprint TEXT;
"#;

/// Version 3: sanctions list versions, screenings of cases, dispositions of their hits
/// and alerts raised by re-screening.
const V3: &str = r#"
CREATE TABLE list_versions (
    id                     INTEGER PRIMARY KEY,
    source                 TEXT NOT NULL,
    publish_date           TEXT,
    publish_date_from_file INTEGER NOT NULL,
    sha256                 TEXT NOT NULL,
    files_json             TEXT NOT NULL,
    entity_count           INTEGER NOT NULL,
    name_count             INTEGER NOT NULL,
    loaded_at              TEXT NOT NULL,
    loaded_by              TEXT NOT NULL,
    origin                 TEXT NOT NULL,
    warnings_json          TEXT NOT NULL,
    -- The parsed entries. Kept for the version in force and the one before it; older
    -- versions keep only their metadata, which screenings refer to.
    entries_json           TEXT
) STRICT;
CREATE INDEX list_versions_by_source ON list_versions (source, id DESC);

CREATE TABLE screenings (
    id          TEXT PRIMARY KEY NOT NULL,
    case_id     TEXT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    screened_at TEXT NOT NULL,
    result_json TEXT NOT NULL
) STRICT;
CREATE INDEX screenings_by_case ON screenings (case_id, screened_at DESC, id DESC);

CREATE TABLE dispositions (
    id          INTEGER PRIMARY KEY,
    case_id     TEXT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    list        TEXT NOT NULL,
    entry_id    TEXT NOT NULL,
    subject_key TEXT NOT NULL,
    entry_key   TEXT NOT NULL,
    disposition TEXT NOT NULL CHECK (disposition IN ('true_match', 'false_positive', 'needs_review')),
    rationale   TEXT NOT NULL,
    decided_by  TEXT NOT NULL,
    decided_at  TEXT NOT NULL
) STRICT;
CREATE INDEX dispositions_by_case ON dispositions (case_id, list, entry_id, id DESC);

CREATE TABLE alerts (
    id              INTEGER PRIMARY KEY,
    case_id         TEXT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    screening_id    TEXT NOT NULL,
    raised_at       TEXT NOT NULL,
    message         TEXT NOT NULL,
    acknowledged_at TEXT,
    acknowledged_by TEXT
) STRICT;
CREATE INDEX alerts_by_case ON alerts (case_id, id DESC);
"#;

/// Version 4: automated check results, the raw answers they keep as evidence, and the
/// text of fetched web pages for copied-content comparison.
const V4: &str = r#"
-- The latest result of each check of a case, keyed by what it looked at
-- ('registration:acme.com'). Earlier results live on in the audit log.
CREATE TABLE check_results (
    case_id     TEXT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    key         TEXT NOT NULL,
    state       TEXT NOT NULL,
    finished_at TEXT NOT NULL,
    result_json TEXT NOT NULL,
    PRIMARY KEY (case_id, key)
) STRICT, WITHOUT ROWID;

-- Raw answers, stored once per content hash and shared by the results that cite them.
CREATE TABLE check_responses (
    sha256       TEXT PRIMARY KEY NOT NULL,
    content_type TEXT,
    body         BLOB NOT NULL
) STRICT;

-- Which result cites which answer, so answers no result cites can be removed.
CREATE TABLE check_evidence (
    case_id TEXT NOT NULL,
    key     TEXT NOT NULL,
    sha256  TEXT NOT NULL REFERENCES check_responses (sha256),
    PRIMARY KEY (case_id, key, sha256),
    FOREIGN KEY (case_id, key) REFERENCES check_results (case_id, key) ON DELETE CASCADE
) STRICT, WITHOUT ROWID;
CREATE INDEX check_evidence_by_hash ON check_evidence (sha256);

-- The visible text of fetched pages: the subject's sites and the comparison sites the
-- user named. Shingles are little-endian u64 hashes (see checks::web).
CREATE TABLE web_pages (
    case_id     TEXT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    url         TEXT NOT NULL,
    final_url   TEXT NOT NULL,
    fetched_at  TEXT NOT NULL,
    title       TEXT NOT NULL,
    text        TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    shingles    BLOB NOT NULL,
    comparison  INTEGER NOT NULL CHECK (comparison IN (0, 1)),
    PRIMARY KEY (case_id, url)
) STRICT, WITHOUT ROWID;
"#;

/// Version 5: a list version names itself. OpenSanctions exports bring one list per
/// source dataset, whose title, publisher and licence no built-in table knows. A table of
/// its own, not new columns: columns added to `list_versions` would sit after the
/// megabytes of `entries_json` in every row, and reading them would read those too.
const V5: &str = r#"
CREATE TABLE list_names (
    version_id INTEGER PRIMARY KEY REFERENCES list_versions (id),
    title      TEXT NOT NULL,
    publisher  TEXT NOT NULL,
    licence    TEXT NOT NULL
) STRICT;
"#;

/// Version 6: after-hiring imports (sign-in logs and device inventories), the addresses and
/// MFA devices they showed, for the cross-case checks, and the work accounts of each case
/// (inside `fields_json`, so no column).
const V6: &str = r#"
CREATE TABLE monitor_imports (
    id            TEXT PRIMARY KEY NOT NULL,
    case_id       TEXT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    kind          TEXT NOT NULL CHECK (kind IN ('sign_ins', 'inventory')),
    format        TEXT NOT NULL,
    -- The imported file, kept as evidence on the item it informs.
    evidence_id   TEXT NOT NULL,
    file_name     TEXT NOT NULL,
    sha256        TEXT NOT NULL,
    row_count     INTEGER NOT NULL,
    matched_count INTEGER NOT NULL,
    imported_at   TEXT NOT NULL,
    imported_by   TEXT NOT NULL,
    -- Findings, notes and counts as the import produced them.
    report_json   TEXT NOT NULL
) STRICT;
CREATE INDEX monitor_imports_by_case ON monitor_imports (case_id, imported_at);

CREATE TABLE monitor_addresses (
    import_id  TEXT NOT NULL REFERENCES monitor_imports (id) ON DELETE CASCADE,
    case_id    TEXT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    ip         TEXT NOT NULL,
    first_line INTEGER NOT NULL,
    count      INTEGER NOT NULL,
    first_at   INTEGER NOT NULL,
    last_at    INTEGER NOT NULL,
    -- 'hosting' or 'vpn' when the shipped lists classify the network; shared exits of
    -- those are no sign of a shared household, so the laptop-farm check leaves them out.
    class      TEXT,
    PRIMARY KEY (import_id, ip)
) STRICT, WITHOUT ROWID;
CREATE INDEX monitor_addresses_by_ip ON monitor_addresses (ip, case_id);

CREATE TABLE monitor_mfa_devices (
    import_id TEXT NOT NULL REFERENCES monitor_imports (id) ON DELETE CASCADE,
    case_id   TEXT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    device    TEXT NOT NULL,
    account   TEXT NOT NULL,
    PRIMARY KEY (import_id, device, account)
) STRICT, WITHOUT ROWID;
CREATE INDEX monitor_mfa_by_device ON monitor_mfa_devices (device);

-- The monitoring plan's tasks recorded done, and monitoring marked complete.
CREATE TABLE monitor_tasks (
    case_id TEXT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    day     INTEGER NOT NULL,
    done_at TEXT NOT NULL,
    done_by TEXT NOT NULL,
    note    TEXT NOT NULL,
    PRIMARY KEY (case_id, day)
) STRICT, WITHOUT ROWID;

CREATE TABLE monitor_completions (
    case_id      TEXT PRIMARY KEY NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    completed_at TEXT NOT NULL,
    completed_by TEXT NOT NULL,
    reason       TEXT NOT NULL
) STRICT;

-- A network table imported to replace the shipped one (its compact file form). In the
-- database, so it is encrypted, backed up and re-keyed with everything else.
CREATE TABLE monitor_network_table (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    bytes       BLOB NOT NULL,
    imported_at TEXT NOT NULL,
    imported_by TEXT NOT NULL
) STRICT;
"#;

/// Every schema version, in order.
pub(super) const MIGRATIONS: &[&str] = &[V1, V2, V3, V4, V5, V6];

pub(super) fn migrations() -> Migrations<'static> {
    Migrations::new(MIGRATIONS.iter().map(|sql| M::up(sql)).collect())
}

#[cfg(test)]
mod tests {
    #[test]
    fn migrations_are_valid() {
        assert!(super::migrations().validate().is_ok());
    }
}
