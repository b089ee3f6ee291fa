//! Reading and appending audit events.

use rusqlite::{Connection, OptionalExtension, Row, Transaction, params};

use super::Store;
use crate::StoreError;
use bonafide_audit::{AuditEvent, EventKind};

pub(super) fn append(
    tx: &Transaction<'_>,
    stream: &str,
    at: &str,
    actor: &str,
    kind: EventKind,
    item_id: Option<&str>,
    payload: serde_json::Value,
) -> Result<AuditEvent, StoreError> {
    let head = chain_head(tx, stream)?;
    let e = AuditEvent::next(
        head.as_ref().map(|(h, n)| (h.as_str(), *n)),
        stream,
        at,
        actor,
        kind,
        item_id,
        payload,
    );
    tx.execute(
        "INSERT INTO events (stream, seq, at, actor, kind, item_id, payload, prev_hash, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![
            e.stream,
            e.seq,
            e.at,
            e.actor,
            e.kind.as_str(),
            e.item_id,
            bonafide_audit::canonical_json(&e.payload),
            e.prev_hash,
            e.hash
        ],
    )?;
    tx.execute(
        "INSERT INTO chains (stream, head_hash, length) VALUES (?1, ?2, ?3)
         ON CONFLICT (stream) DO UPDATE SET head_hash = excluded.head_hash, length = excluded.length",
        params![e.stream, e.hash, e.seq],
    )?;
    Ok(e)
}

/// The recorded head of a chain: `(hash, length)`.
fn chain_head(conn: &Connection, stream: &str) -> Result<Option<(String, i64)>, StoreError> {
    Ok(conn
        .query_row(
            "SELECT head_hash, length FROM chains WHERE stream = ?1",
            [stream],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?)
}

fn event_from_row(r: &Row<'_>) -> rusqlite::Result<Result<AuditEvent, StoreError>> {
    let kind: String = r.get(4)?;
    let payload: String = r.get(6)?;
    let decoded = (|| {
        let kind = EventKind::parse(&kind).ok_or_else(|| format!("unknown event kind {kind}"))?;
        let payload = serde_json::from_str(&payload).map_err(|e| e.to_string())?;
        Ok::<_, String>((kind, payload))
    })();
    Ok(match decoded {
        Ok((kind, payload)) => Ok(AuditEvent {
            stream: r.get(0)?,
            seq: r.get(1)?,
            at: r.get(2)?,
            actor: r.get(3)?,
            kind,
            item_id: r.get(5)?,
            payload,
            prev_hash: r.get(7)?,
            hash: r.get(8)?,
        }),
        Err(detail) => Err(StoreError::Decode {
            table: "events",
            detail,
        }),
    })
}

const EVENT_COLUMNS: &str = "stream, seq, at, actor, kind, item_id, payload, prev_hash, hash";

impl Store {
    /// All events of a stream, oldest first.
    pub fn events(&self, stream: &str) -> Result<Vec<AuditEvent>, StoreError> {
        let mut stmt = self.conn().prepare_cached(&format!(
            "SELECT {EVENT_COLUMNS} FROM events WHERE stream = ?1 ORDER BY seq"
        ))?;
        let rows = stmt.query_map([stream], event_from_row)?;
        rows.map(|r| r?).collect()
    }

    /// Events of one item of a case, oldest first.
    pub fn item_events(&self, stream: &str, item_id: &str) -> Result<Vec<AuditEvent>, StoreError> {
        let mut stmt = self.conn().prepare_cached(&format!(
            "SELECT {EVENT_COLUMNS} FROM events WHERE stream = ?1 AND item_id = ?2 ORDER BY seq"
        ))?;
        let rows = stmt.query_map(params![stream, item_id], event_from_row)?;
        rows.map(|r| r?).collect()
    }

    /// The newest event of `kind` in every stream that has one, in stream order: "was the
    /// last export of each case signed" in one read instead of one per case.
    pub fn latest_events_of_kind(&self, kind: EventKind) -> Result<Vec<AuditEvent>, StoreError> {
        let mut stmt = self.conn().prepare_cached(&format!(
            "SELECT {EVENT_COLUMNS} FROM events e WHERE kind = ?1 AND seq =
               (SELECT MAX(seq) FROM events WHERE stream = e.stream AND kind = ?1)
             ORDER BY stream"
        ))?;
        let rows = stmt.query_map([kind.as_str()], event_from_row)?;
        rows.map(|r| r?).collect()
    }

    /// The recorded head hash of every chain, by stream: it changes with every event, so
    /// it tells which cases changed since an earlier look.
    pub fn chain_heads(&self) -> Result<std::collections::HashMap<String, String>, StoreError> {
        let mut stmt = self
            .conn()
            .prepare("SELECT stream, head_hash FROM chains")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Every stream that has events or a recorded head: `(stream, recorded head)`.
    pub fn streams(&self) -> Result<Vec<(String, Option<(String, i64)>)>, StoreError> {
        let mut stmt = self.conn().prepare(
            "SELECT s.stream, c.head_hash, c.length FROM
               (SELECT stream FROM events UNION SELECT stream FROM chains) s
             LEFT JOIN chains c ON c.stream = s.stream ORDER BY s.stream",
        )?;
        let rows = stmt.query_map([], |r| {
            let head: Option<String> = r.get(1)?;
            let len: Option<i64> = r.get(2)?;
            Ok((r.get(0)?, head.zip(len)))
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}
