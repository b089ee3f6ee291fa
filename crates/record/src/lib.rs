//! The canonical record of a case, its fingerprint, and the PDF that carries it.
//!
//! A [`Record`] is everything known about a case, in a fixed shape. Its canonical bytes
//! (see `docs/record-format.md`) are deterministic: collections are sorted by stable keys
//! and JSON object keys are sorted, so the same case always gives the same bytes. The
//! SHA-256 of those bytes is the **record fingerprint** printed on every PDF page.
//!
//! The **material fingerprint** covers only what a decision rests on — the subject, the
//! outcomes and notes, the evidence — and not the audit trail or the decisions
//! themselves. A decision stores the material fingerprint it signed off; when the current
//! one differs, the decision is stale.

#![deny(missing_docs)]

#[cfg(test)]
mod attack_tests;
mod fonts;
mod layout;
mod pdf;
mod signature;
mod time;
mod verify;

pub use pdf::{PdfError, render_for_signing, render_pdf};
pub use signature::{Appearance, SIGNATURE_BYTES, SignPdfError, sign_pdf, sign_record};
pub use time::human_time;
pub use verify::{
    MAX_PDF_BYTES, Verified, VerifyError, VerifyOutcome, extract_record, verify_pdf_bytes,
};

use serde::{Deserialize, Serialize};

use bonafide_audit::{AuditEvent, canonical_json, sha256_hex};
use bonafide_checklist::Phase;
use bonafide_model::{CaseFields, Decision, Outcome, Severity, SubjectKind};

/// Identifies the canonical format; bump it on any change to the shape below.
pub const RECORD_FORMAT: &str = "bonafide-record/1";

/// Name of the embedded file that carries the record inside the PDF.
pub const EMBEDDED_RECORD_NAME: &str = "bonafide-record.json";

/// The case's identity and subject.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RecordCase {
    /// Case id.
    pub id: String,
    /// Person or company.
    pub kind: SubjectKind,
    /// Subject fields.
    pub fields: CaseFields,
    /// When opened.
    pub created_at: String,
    /// Who opened it.
    pub created_by: String,
    /// Checklist template id.
    pub template_id: String,
    /// Checklist template edition.
    pub template_version: u32,
    /// Checklist template title.
    pub template_title: String,
}

/// One checklist item with its outcome.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RecordItem {
    /// Position in the checklist (0-based); the sort key.
    pub position: u32,
    /// Section id (A–J).
    pub section_id: String,
    /// Section title.
    pub section_title: String,
    /// Item id.
    pub item_id: String,
    /// Item title.
    pub title: String,
    /// Severity class.
    pub severity: Severity,
    /// When it is done.
    pub phase: Phase,
    /// Outcome.
    pub outcome: Outcome,
    /// Note.
    pub note: String,
    /// Last change, if any.
    pub updated_at: Option<String>,
    /// Who made it.
    pub updated_by: Option<String>,
}

/// One piece of evidence (metadata; files themselves stay in the data folder).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RecordEvidence {
    /// Evidence id.
    pub id: String,
    /// Item it supports.
    pub item_id: String,
    /// `file` or `url`.
    pub kind: String,
    /// File name or URL.
    pub name: String,
    /// Bytes (files).
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub size: Option<u64>,
    /// SHA-256 (files).
    pub sha256: Option<String>,
    /// Media type (files).
    pub media_type: Option<String>,
    /// When added.
    pub captured_at: String,
    /// When the thing it shows happened.
    pub effective_date: Option<String>,
    /// Who added it.
    pub added_by: String,
    /// Note.
    pub note: String,
}

/// One decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RecordDecision {
    /// Position in the case's decisions, from 1.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub seq: i64,
    /// The decision.
    pub decision: Decision,
    /// Why.
    pub rationale: String,
    /// Who signs it off.
    pub reviewer: String,
    /// When.
    pub decided_at: String,
    /// Who entered it.
    pub recorded_by: String,
    /// The material fingerprint it signed off (`None` for decisions recorded before
    /// fingerprints were kept).
    pub material_fingerprint: Option<String>,
}

/// The canonical record of a case.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Record {
    /// Always [`RECORD_FORMAT`].
    pub format: String,
    /// Version of the app that produced it.
    pub app_version: String,
    /// Identity and subject.
    pub case: RecordCase,
    /// Every applicable item, in checklist order.
    pub items: Vec<RecordItem>,
    /// All evidence, by capture time.
    pub evidence: Vec<RecordEvidence>,
    /// Findings of automated checks (none are produced by this version).
    pub findings: Vec<serde_json::Value>,
    /// Sanctions screenings (none are produced by this version).
    pub screenings: Vec<serde_json::Value>,
    /// The after-hiring record as the app showed it at export: work accounts, the
    /// monitoring plan, each import with its findings and cited rows, the findings across
    /// cases and the data they used. Absent from records made before it existed, which
    /// print no after-hiring section (so they still render, and verify, as they did).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after_hiring: Option<serde_json::Value>,
    /// Decisions, oldest first.
    pub decisions: Vec<RecordDecision>,
    /// Material fingerprint of the case as recorded.
    pub material_fingerprint: String,
    /// The case's audit events (without export events, which do not change the case).
    pub audit_events: Vec<AuditEvent>,
}

impl Record {
    /// Sorts every collection by its stable key, so entry order never shows in the bytes.
    fn normalised(&self) -> Record {
        let mut r = self.clone();
        r.items.sort_by(|a, b| {
            a.position
                .cmp(&b.position)
                .then_with(|| a.item_id.cmp(&b.item_id))
        });
        r.evidence.sort_by(|a, b| {
            a.captured_at
                .cmp(&b.captured_at)
                .then_with(|| a.id.cmp(&b.id))
        });
        r.decisions.sort_by_key(|d| d.seq);
        r.audit_events.sort_by_key(|e| e.seq);
        r
    }

    /// The canonical bytes: normalised, then canonical JSON (sorted keys, no white space).
    pub fn canonical_bytes(&self) -> Vec<u8> {
        let value = serde_json::to_value(self.normalised()).unwrap_or(serde_json::Value::Null);
        canonical_json(&value).into_bytes()
    }

    /// SHA-256 of the canonical bytes, hex.
    pub fn fingerprint(&self) -> String {
        sha256_hex(&self.canonical_bytes())
    }

    /// Parses canonical bytes back, checking the format marker.
    pub fn from_bytes(bytes: &[u8]) -> Result<Record, String> {
        let r: Record = serde_json::from_slice(bytes).map_err(|e| e.to_string())?;
        if r.format != RECORD_FORMAT {
            return Err(format!("unknown record format {}", r.format));
        }
        Ok(r)
    }

    /// The decision in force, if any.
    pub fn current_decision(&self) -> Option<&RecordDecision> {
        self.decisions.iter().max_by_key(|d| d.seq)
    }

    /// Whether the decision in force signed off different material than the record holds.
    pub fn decision_is_stale(&self) -> bool {
        self.current_decision()
            .and_then(|d| d.material_fingerprint.as_deref())
            .is_some_and(|fp| fp != self.material_fingerprint)
    }

    /// Names the parts in which `other` differs from this record, for a person to read:
    /// `subject (emails, country)`, `items (interview.camera)`, `evidence`, `decisions`,
    /// `audit trail (3 new events)`.
    pub fn differences(&self, other: &Record) -> Vec<String> {
        let (a, b) = (self.normalised(), other.normalised());
        let mut out = Vec::new();
        let fa = serde_json::to_value(&a.case.fields).unwrap_or_default();
        let fb = serde_json::to_value(&b.case.fields).unwrap_or_default();
        if let (Some(fa), Some(fb)) = (fa.as_object(), fb.as_object()) {
            let changed: Vec<&str> = fa
                .iter()
                .filter(|(k, v)| fb.get(*k) != Some(v))
                .map(|(k, _)| k.as_str())
                .collect();
            if !changed.is_empty() {
                out.push(format!("subject ({})", changed.join(", ")));
            }
        }
        let changed_items: Vec<&str> = b
            .items
            .iter()
            .filter(|ib| {
                a.items
                    .iter()
                    .find(|ia| ia.item_id == ib.item_id)
                    .is_none_or(|ia| ia.outcome != ib.outcome || ia.note != ib.note)
            })
            .map(|i| i.item_id.as_str())
            .collect();
        if !changed_items.is_empty() {
            out.push(format!("items ({})", changed_items.join(", ")));
        }
        if a.evidence != b.evidence {
            out.push(format!(
                "evidence ({} then, {} now)",
                a.evidence.len(),
                b.evidence.len()
            ));
        }
        if a.decisions != b.decisions {
            out.push(format!(
                "decisions ({} then, {} now)",
                a.decisions.len(),
                b.decisions.len()
            ));
        }
        if a.audit_events != b.audit_events {
            let common = a
                .audit_events
                .iter()
                .zip(&b.audit_events)
                .take_while(|(x, y)| x == y)
                .count();
            if common == a.audit_events.len() {
                out.push(format!(
                    "audit trail ({} new events)",
                    b.audit_events.len() - common
                ));
            } else {
                out.push("audit trail (history differs)".to_string());
            }
        }
        if a.after_hiring != b.after_hiring {
            out.push(
                "after hiring (imports, the monitoring plan or findings across cases)".to_string(),
            );
        }
        if out.is_empty() && a != b {
            out.push("record metadata".to_string());
        }
        out
    }
}

/// The material part of a case: what a decision rests on.
pub fn material_fingerprint(
    case: &RecordCase,
    items: &[RecordItem],
    evidence: &[RecordEvidence],
) -> String {
    let mut items: Vec<serde_json::Value> = items
        .iter()
        .map(|i| serde_json::json!({"item_id": i.item_id, "outcome": i.outcome, "note": i.note}))
        .collect();
    items.sort_by(|a, b| a["item_id"].as_str().cmp(&b["item_id"].as_str()));
    let mut evidence: Vec<serde_json::Value> = evidence
        .iter()
        .map(|e| {
            serde_json::json!({
                "id": e.id, "item_id": e.item_id, "kind": e.kind, "name": e.name, "size": e.size,
                "sha256": e.sha256, "effective_date": e.effective_date, "note": e.note,
            })
        })
        .collect();
    evidence.sort_by(|a, b| a["id"].as_str().cmp(&b["id"].as_str()));
    let material = serde_json::json!({
        "case": {
            "id": case.id, "kind": case.kind, "fields": case.fields,
            "template_id": case.template_id, "template_version": case.template_version,
        },
        "items": items,
        "evidence": evidence,
    });
    sha256_hex(canonical_json(&material).as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;
    use bonafide_audit::EventKind;

    pub(crate) fn sample() -> Record {
        let case = RecordCase {
            id: "01a20c55-0000-7000-8000-000000000001".into(),
            kind: SubjectKind::Person,
            fields: CaseFields {
                display_name: "Jane Doe".into(),
                ..CaseFields::default()
            },
            created_at: "2026-11-01T09:00:00.000Z".into(),
            created_by: "Alice".into(),
            template_id: "dprk-remote-hire".into(),
            template_version: 1,
            template_title: "Remote hire".into(),
        };
        let items: Vec<RecordItem> = (0..6)
            .map(|i| RecordItem {
                position: i,
                section_id: "B".into(),
                section_title: "Live video interview".into(),
                item_id: format!("interview.{i}"),
                title: format!("Item {i}"),
                severity: Severity::High,
                phase: Phase::PreHire,
                outcome: if i % 2 == 0 {
                    Outcome::Pass
                } else {
                    Outcome::Concern
                },
                note: format!("note {i}"),
                updated_at: Some(format!("2026-11-01T09:0{i}:00.000Z")),
                updated_by: Some("Alice".into()),
            })
            .collect();
        let evidence: Vec<RecordEvidence> = (0..4)
            .map(|i| RecordEvidence {
                id: format!("ev-{i}"),
                item_id: "interview.0".into(),
                kind: "file".into(),
                name: format!("shot-{i}.png"),
                size: Some(100 + i),
                sha256: Some(sha256_hex(&[i as u8])),
                media_type: Some("image/png".into()),
                captured_at: format!("2026-11-02T10:0{i}:00.000Z"),
                effective_date: None,
                added_by: "Alice".into(),
                note: String::new(),
            })
            .collect();
        let mut events: Vec<AuditEvent> = Vec::new();
        for i in 0..5 {
            let prev = events.last().map(|e| (e.hash.as_str(), e.seq));
            events.push(AuditEvent::next(
                prev,
                &case.id,
                &format!("2026-11-01T09:0{i}:00.000Z"),
                "Alice",
                EventKind::ItemUpdated,
                Some("interview.0"),
                serde_json::json!({"n": i}),
            ));
        }
        let material = material_fingerprint(&case, &items, &evidence);
        Record {
            format: RECORD_FORMAT.into(),
            app_version: "0.1.0".into(),
            decisions: vec![
                RecordDecision {
                    seq: 1,
                    decision: Decision::Escalate,
                    rationale: "first".into(),
                    reviewer: "Owner".into(),
                    decided_at: "2026-11-03T00:00:00.000Z".into(),
                    recorded_by: "Alice".into(),
                    material_fingerprint: None,
                },
                RecordDecision {
                    seq: 2,
                    decision: Decision::Proceed,
                    rationale: "second".into(),
                    reviewer: "Owner".into(),
                    decided_at: "2026-11-04T00:00:00.000Z".into(),
                    recorded_by: "Alice".into(),
                    material_fingerprint: Some(material.clone()),
                },
            ],
            case,
            items,
            evidence,
            findings: Vec::new(),
            screenings: Vec::new(),
            after_hiring: None,
            material_fingerprint: material,
            audit_events: events,
        }
    }

    /// A small deterministic shuffle (no RNG dependency needed for a test).
    fn shuffle<T>(v: &mut [T], seed: &mut u64) {
        for i in (1..v.len()).rev() {
            *seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let j = (*seed >> 33) as usize % (i + 1);
            v.swap(i, j);
        }
    }

    #[test]
    fn entry_order_never_changes_the_bytes() {
        let base = sample();
        let want = base.canonical_bytes();
        let mut seed = 42;
        for _ in 0..200 {
            let mut r = base.clone();
            shuffle(&mut r.items, &mut seed);
            shuffle(&mut r.evidence, &mut seed);
            shuffle(&mut r.decisions, &mut seed);
            shuffle(&mut r.audit_events, &mut seed);
            assert_eq!(r.canonical_bytes(), want);
            assert_eq!(r.fingerprint(), base.fingerprint());
        }
    }

    #[test]
    fn any_change_changes_the_fingerprint_and_is_named() {
        let base = sample();
        let mut r = base.clone();
        r.items[3].note.push('!');
        assert_ne!(r.fingerprint(), base.fingerprint());
        assert_eq!(base.differences(&r), ["items (interview.3)"]);
        let mut r = base.clone();
        r.case.fields.country = "GB".into();
        assert_eq!(base.differences(&r), ["subject (country)"]);
        let mut r = base.clone();
        r.audit_events.pop();
        assert_eq!(r.differences(&base), ["audit trail (1 new events)"]);
    }

    #[test]
    fn canonical_bytes_round_trip() {
        let base = sample();
        let back = Record::from_bytes(&base.canonical_bytes()).unwrap();
        assert_eq!(back.canonical_bytes(), base.canonical_bytes());
        assert!(Record::from_bytes(b"{}").is_err());
    }

    #[test]
    fn a_decision_goes_stale_when_material_changes() {
        let mut r = sample();
        assert!(!r.decision_is_stale());
        r.items[0].outcome = Outcome::Fail;
        r.material_fingerprint = material_fingerprint(&r.case, &r.items, &r.evidence);
        assert!(r.decision_is_stale());
    }
}
