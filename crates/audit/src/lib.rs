//! The append-only, hash-chained audit log.
//!
//! Every change to a case is an event in that case's stream (the stream is the case id);
//! events that concern no single case, such as a deleted case, go to the `global` stream.
//! Each event stores the hash of the one before it and its own hash over a canonical
//! serialisation of its content, so editing, reordering or removing any event breaks the
//! chain at a point [`verify_chain`] names. The head of each chain is also kept apart
//! (the `chains` table), so cutting events off the end is caught as well.
//!
//! The hash is `SHA-256(canonical_json({stream, seq, at, actor, kind, item_id, payload,
//! prev_hash}))`, hex-encoded, with canonical JSON as defined by [`canonical_json`].

#![deny(missing_docs)]

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// `prev_hash` of the first event of a stream.
pub const GENESIS_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// The stream for events that concern no single case.
pub const GLOBAL_STREAM: &str = "global";

/// What happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    /// A case was opened.
    CaseOpened,
    /// Subject fields were edited.
    CaseEdited,
    /// An item's outcome or note changed.
    ItemUpdated,
    /// Evidence was attached to an item.
    EvidenceAdded,
    /// Evidence was taken off an item, with the reason; the payload keeps what it was
    /// (name, size, SHA-256) so the history still says what had been attached.
    EvidenceRemoved,
    /// A decision was recorded.
    DecisionRecorded,
    /// A case was deleted (global stream).
    CaseDeleted,
    /// The PDF record was exported. Not part of the canonical record: exporting does not
    /// change the case.
    RecordExported,
    /// The case was screened against sanctions lists and the watchlist.
    ScreeningRecorded,
    /// A potential match was given a disposition.
    DispositionRecorded,
    /// An alert from re-screening was acknowledged.
    AlertAcknowledged,
    /// A sanctions list version was loaded (global stream).
    ListLoaded,
    /// Automated checks ran on the case.
    ChecksRun,
    /// A setting of the data folder changed: signing, the time-stamping authority
    /// (global stream).
    SettingChanged,
    /// Every chain's head was anchored, time-stamped when an authority answered (global
    /// stream).
    AnchorRecorded,
    /// The data folder was replaced by a backup: what follows continues from the backup's
    /// state, and anything recorded between the backup and the restore is not here
    /// (global stream).
    Restored,
    /// The folder's data key was replaced and everything re-encrypted under the new one
    /// (global stream).
    KeyRotated,
    /// The kept history of a case deleted inside its retention period was erased once the
    /// period ended (global stream).
    HistoryErased,
    /// A sign-in log or device inventory was imported into a case's after-hiring record.
    MonitorImported,
    /// A task of a case's monitoring plan was recorded done.
    MonitorTaskDone,
    /// A case's monitoring was marked complete.
    MonitorCompleted,
    /// A newer network table was imported (global stream).
    NetworksImported,
    /// The case was moved to another edition of its checklist template.
    TemplateChanged,
    /// An alert was raised on the case by something other than its own screening: a
    /// new case sharing details with a hired person.
    AlertRaised,
}

impl EventKind {
    /// The stable stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            EventKind::CaseOpened => "case_opened",
            EventKind::CaseEdited => "case_edited",
            EventKind::ItemUpdated => "item_updated",
            EventKind::EvidenceAdded => "evidence_added",
            EventKind::EvidenceRemoved => "evidence_removed",
            EventKind::DecisionRecorded => "decision_recorded",
            EventKind::CaseDeleted => "case_deleted",
            EventKind::RecordExported => "record_exported",
            EventKind::ScreeningRecorded => "screening_recorded",
            EventKind::DispositionRecorded => "disposition_recorded",
            EventKind::AlertAcknowledged => "alert_acknowledged",
            EventKind::ListLoaded => "list_loaded",
            EventKind::ChecksRun => "checks_run",
            EventKind::SettingChanged => "setting_changed",
            EventKind::AnchorRecorded => "anchor_recorded",
            EventKind::Restored => "restored",
            EventKind::KeyRotated => "key_rotated",
            EventKind::HistoryErased => "history_erased",
            EventKind::MonitorImported => "monitor_imported",
            EventKind::MonitorTaskDone => "monitor_task_done",
            EventKind::MonitorCompleted => "monitor_completed",
            EventKind::NetworksImported => "networks_imported",
            EventKind::TemplateChanged => "template_changed",
            EventKind::AlertRaised => "alert_raised",
        }
    }

    /// Parses the stored name.
    pub fn parse(s: &str) -> Option<EventKind> {
        [
            EventKind::CaseOpened,
            EventKind::CaseEdited,
            EventKind::ItemUpdated,
            EventKind::EvidenceAdded,
            EventKind::EvidenceRemoved,
            EventKind::DecisionRecorded,
            EventKind::CaseDeleted,
            EventKind::RecordExported,
            EventKind::ScreeningRecorded,
            EventKind::DispositionRecorded,
            EventKind::AlertAcknowledged,
            EventKind::ListLoaded,
            EventKind::ChecksRun,
            EventKind::SettingChanged,
            EventKind::AnchorRecorded,
            EventKind::Restored,
            EventKind::KeyRotated,
            EventKind::HistoryErased,
            EventKind::MonitorImported,
            EventKind::MonitorTaskDone,
            EventKind::MonitorCompleted,
            EventKind::NetworksImported,
            EventKind::TemplateChanged,
            EventKind::AlertRaised,
        ]
        .into_iter()
        .find(|k| k.as_str() == s)
    }
}

/// One stored event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AuditEvent {
    /// Case id, or `global`.
    pub stream: String,
    /// Position in the stream, from 1, without gaps.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub seq: i64,
    /// When, RFC 3339 UTC.
    pub at: String,
    /// Who.
    pub actor: String,
    /// What.
    pub kind: EventKind,
    /// The checklist item concerned, if any.
    pub item_id: Option<String>,
    /// Details: what changed, from what, to what.
    #[cfg_attr(feature = "ts", ts(type = "unknown"))]
    pub payload: serde_json::Value,
    /// Hash of the previous event ([`GENESIS_HASH`] for the first).
    pub prev_hash: String,
    /// Hash of this event.
    pub hash: String,
}

impl AuditEvent {
    /// Builds the next event of a stream whose head is `prev` (`None` for an empty stream),
    /// computing its hash.
    pub fn next(
        prev: Option<(&str, i64)>,
        stream: &str,
        at: &str,
        actor: &str,
        kind: EventKind,
        item_id: Option<&str>,
        payload: serde_json::Value,
    ) -> AuditEvent {
        let (prev_hash, seq) = match prev {
            Some((hash, seq)) => (hash.to_string(), seq + 1),
            None => (GENESIS_HASH.to_string(), 1),
        };
        let mut e = AuditEvent {
            stream: stream.to_string(),
            seq,
            at: at.to_string(),
            actor: actor.to_string(),
            kind,
            item_id: item_id.map(str::to_string),
            payload,
            prev_hash,
            hash: String::new(),
        };
        e.hash = e.compute_hash();
        e
    }

    /// The hash this event's content should have.
    pub fn compute_hash(&self) -> String {
        let content = serde_json::json!({
            "stream": self.stream,
            "seq": self.seq,
            "at": self.at,
            "actor": self.actor,
            "kind": self.kind.as_str(),
            "item_id": self.item_id,
            "payload": self.payload,
            "prev_hash": self.prev_hash,
        });
        sha256_hex(canonical_json(&content).as_bytes())
    }
}

/// Where and how a chain is broken.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ChainBreak {
    /// An event's content no longer matches its hash: it was edited.
    #[error("event {seq} of {stream} was altered after it was recorded")]
    Altered {
        /// Stream.
        stream: String,
        /// Sequence number of the altered event.
        #[cfg_attr(feature = "ts", ts(type = "number"))]
        seq: i64,
    },
    /// Sequence numbers jump or links do not join: events were removed or reordered.
    #[error(
        "event {seq} of {stream} does not follow the event before it: events were removed or reordered"
    )]
    Unlinked {
        /// Stream.
        stream: String,
        /// Sequence number where the chain breaks.
        #[cfg_attr(feature = "ts", ts(type = "number"))]
        seq: i64,
    },
    /// The chain ends somewhere other than its recorded head: events were cut off the end
    /// (or added without going through the app).
    #[error(
        "{stream} should have {expected} events ending in {expected_head_prefix}…, but has {found}"
    )]
    HeadMismatch {
        /// Stream.
        stream: String,
        /// Recorded number of events.
        #[cfg_attr(feature = "ts", ts(type = "number"))]
        expected: i64,
        /// Events present.
        #[cfg_attr(feature = "ts", ts(type = "number"))]
        found: i64,
        /// First characters of the recorded head hash.
        expected_head_prefix: String,
    },
}

/// Checks a stream's events (in `seq` order) against each other and against the recorded
/// head (`hash`, `length`). Reports the first break found.
pub fn verify_chain(
    stream: &str,
    events: &[AuditEvent],
    recorded_head: Option<(&str, i64)>,
) -> Result<(), ChainBreak> {
    let mut prev_hash = GENESIS_HASH;
    for (i, e) in events.iter().enumerate() {
        let expected_seq = i as i64 + 1;
        if e.seq != expected_seq || e.prev_hash != prev_hash || e.stream != stream {
            return Err(ChainBreak::Unlinked {
                stream: stream.to_string(),
                seq: e.seq.min(expected_seq),
            });
        }
        if e.compute_hash() != e.hash {
            return Err(ChainBreak::Altered {
                stream: stream.to_string(),
                seq: e.seq,
            });
        }
        prev_hash = &e.hash;
    }
    let (head, length) = recorded_head.unwrap_or((GENESIS_HASH, 0));
    if length != events.len() as i64 || head != prev_hash {
        return Err(ChainBreak::HeadMismatch {
            stream: stream.to_string(),
            expected: length,
            found: events.len() as i64,
            expected_head_prefix: head.chars().take(12).collect(),
        });
    }
    Ok(())
}

/// What a case's own history says its current state is, rebuilt from its events alone.
///
/// The tables a screen reads (case fields, item outcomes and notes, evidence, decisions)
/// are written in the same transaction as the event that describes the change, so the two
/// always agree unless someone edited the tables with outside tools. Comparing this replay
/// with the tables is how such an edit is found even though the chain itself is intact.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Replayed {
    /// Subject fields as opened and then edited (`None` without a `case_opened` event).
    pub fields: Option<serde_json::Map<String, serde_json::Value>>,
    /// Item id → (outcome as stored in JSON, note), for items that were ever changed.
    pub items: std::collections::BTreeMap<String, (serde_json::Value, String)>,
    /// Evidence id → the `evidence_added` payload plus its `item_id`.
    pub evidence: std::collections::BTreeMap<String, serde_json::Value>,
    /// Decision sequence number → the `decision_recorded` payload.
    pub decisions: std::collections::BTreeMap<i64, serde_json::Value>,
    /// The template `{"id", "version"}` the case was opened with or last moved to.
    pub template: Option<serde_json::Value>,
}

/// Rebuilds a case's state from its events (oldest first). Events it does not understand
/// the shape of are skipped: the chain check, not the replay, judges whether they are
/// genuine.
pub fn replay(events: &[AuditEvent]) -> Replayed {
    use serde_json::Value;
    let mut out = Replayed::default();
    for e in events {
        let p = &e.payload;
        match e.kind {
            EventKind::CaseOpened => {
                if let Some(Value::Object(f)) = p.get("fields") {
                    out.fields = Some(f.clone());
                }
                out.template = p.get("template").cloned();
            }
            EventKind::TemplateChanged => {
                if let Some(to) = p.get("to") {
                    out.template = Some(to.clone());
                }
            }
            EventKind::CaseEdited => {
                if let (Some(fields), Some(Value::Object(changes))) =
                    (out.fields.as_mut(), p.get("changes"))
                {
                    for (k, change) in changes {
                        if let Some(to) = change.get("to") {
                            fields.insert(k.clone(), to.clone());
                        }
                    }
                }
            }
            EventKind::ItemUpdated => {
                let Some(item) = &e.item_id else { continue };
                let entry = out.items.entry(item.clone()).or_insert_with(|| {
                    (
                        serde_json::json!(bonafide_model::Outcome::Pending),
                        String::new(),
                    )
                });
                if let Some(to) = p.get("outcome").and_then(|c| c.get("to")) {
                    entry.0 = to.clone();
                }
                if let Some(to) = p
                    .get("note")
                    .and_then(|c| c.get("to"))
                    .and_then(Value::as_str)
                {
                    entry.1 = to.to_string();
                }
            }
            EventKind::EvidenceAdded => {
                if let Some(id) = p.get("evidence_id").and_then(Value::as_str) {
                    let mut v = p.clone();
                    if let Value::Object(m) = &mut v {
                        m.insert("item_id".into(), serde_json::json!(e.item_id));
                    }
                    out.evidence.insert(id.to_string(), v);
                }
            }
            EventKind::EvidenceRemoved => {
                if let Some(id) = p.get("evidence_id").and_then(Value::as_str) {
                    out.evidence.remove(id);
                }
            }
            EventKind::DecisionRecorded => {
                if let Some(seq) = p.get("seq").and_then(Value::as_i64) {
                    out.decisions.insert(seq, p.clone());
                }
            }
            _ => {}
        }
    }
    out
}

/// Hex-encoded SHA-256.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// Serialises JSON canonically: object keys sorted by their UTF-8 bytes, no insignificant
/// white space, strings and numbers as serde_json writes them. Independent of whether
/// serde_json keeps insertion order, so hashes do not change with dependency features.
pub fn canonical_json(value: &serde_json::Value) -> String {
    let mut out = String::new();
    write_canonical(value, &mut out);
    out
}

fn write_canonical(value: &serde_json::Value, out: &mut String) {
    use serde_json::Value;
    match value {
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            out.push('{');
            for (i, k) in keys.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&Value::String(k.clone()).to_string());
                out.push(':');
                write_canonical(&map[k], out);
            }
            out.push('}');
        }
        Value::Array(items) => {
            out.push('[');
            for (i, v) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_canonical(v, out);
            }
            out.push(']');
        }
        scalar => out.push_str(&scalar.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn chain(n: usize) -> Vec<AuditEvent> {
        let mut events: Vec<AuditEvent> = Vec::new();
        for i in 0..n {
            let prev = events.last().map(|e| (e.hash.as_str(), e.seq));
            let e = AuditEvent::next(
                prev,
                "case-1",
                &format!("2026-01-01T00:00:0{i}.000Z"),
                "alice",
                EventKind::ItemUpdated,
                Some("identity.document"),
                json!({"outcome": {"from": "pending", "to": "pass"}, "n": i}),
            );
            events.push(e);
        }
        events
    }

    fn head(events: &[AuditEvent]) -> Option<(&str, i64)> {
        events.last().map(|e| (e.hash.as_str(), e.seq))
    }

    #[test]
    fn an_intact_chain_verifies() {
        let events = chain(5);
        assert_eq!(verify_chain("case-1", &events, head(&events)), Ok(()));
        assert_eq!(verify_chain("case-1", &[], None), Ok(()));
    }

    #[test]
    fn an_edited_event_is_named() {
        let mut events = chain(5);
        let h = events[4].hash.clone();
        events[2].payload = json!({"outcome": {"from": "pending", "to": "fail"}, "n": 2});
        let err = verify_chain("case-1", &events, Some((&h, 5))).unwrap_err();
        assert_eq!(
            err,
            ChainBreak::Altered {
                stream: "case-1".into(),
                seq: 3
            }
        );
        let mut events = chain(3);
        let h = events[2].hash.clone();
        events[0].actor = "mallory".into();
        assert!(matches!(
            verify_chain("case-1", &events, Some((&h, 3))),
            Err(ChainBreak::Altered { seq: 1, .. })
        ));
    }

    #[test]
    fn a_removed_event_is_named() {
        let mut events = chain(5);
        let h = events[4].hash.clone();
        events.remove(1);
        let err = verify_chain("case-1", &events, Some((&h, 5))).unwrap_err();
        assert_eq!(
            err,
            ChainBreak::Unlinked {
                stream: "case-1".into(),
                seq: 2
            }
        );
    }

    #[test]
    fn a_cut_tail_is_caught_by_the_recorded_head() {
        let events = chain(5);
        let h = events[4].hash.clone();
        let err = verify_chain("case-1", &events[..3], Some((&h, 5))).unwrap_err();
        assert!(matches!(
            err,
            ChainBreak::HeadMismatch {
                expected: 5,
                found: 3,
                ..
            }
        ));
    }

    #[test]
    fn canonical_json_sorts_keys_at_every_level() {
        let a = json!({"b": 1, "a": {"z": [1, {"y": 2, "x": 3}], "c": "é"}});
        assert_eq!(
            canonical_json(&a),
            r#"{"a":{"c":"é","z":[1,{"x":3,"y":2}]},"b":1}"#
        );
    }

    #[test]
    fn hash_is_stable_across_releases() {
        // A fixed event must always hash to the same value, or every stored chain would
        // fail to verify after an upgrade.
        let e = AuditEvent::next(
            None,
            "s",
            "2026-01-01T00:00:00.000Z",
            "a",
            EventKind::CaseOpened,
            None,
            json!({}),
        );
        assert_eq!(e.hash, sha256_hex(br#"{"actor":"a","at":"2026-01-01T00:00:00.000Z","item_id":null,"kind":"case_opened","payload":{},"prev_hash":"0000000000000000000000000000000000000000000000000000000000000000","seq":1,"stream":"s"}"#));
    }
}
