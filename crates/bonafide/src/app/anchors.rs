//! Anchors: the audit history pinned to a moment outside the laptop.
//!
//! The hash chains show an edit inside a history, but whoever holds the data key could
//! rewrite a whole chain and its head. An anchor is the list of every chain's head
//! (stream, length, last hash) with its SHA-256, time-stamped by the configured
//! time-stamping authority when there is one. It is stored as an event of the global
//! history at every decision and export (while an authority is named), and written to a
//! file by `bonafide audit anchor --out` for the compliance officer to keep elsewhere.
//!
//! Checking an anchor later proves that today's chains still extend every anchored head:
//! a rewritten or rolled-back history no longer holds the anchored hash at that length.
//! The token's time is the last time the history is known, from outside, to have been as
//! it is; events inside the anchored part cannot be later than it, nor events after it
//! earlier.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::App;
use crate::audit::{self, AuditEvent, EventKind, GLOBAL_STREAM};
use crate::error::{Error, Result};
use crate::signing::Certificate;

/// Format name of an anchor file.
pub const ANCHOR_FORMAT: &str = "bonafide-anchor/1";
/// How far an event's time may stray past an anchor's time-stamp: laptop clocks drift.
const CLOCK_SLACK_SECS: i64 = 15 * 60;

/// One chain's head at the moment of anchoring.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AnchoredHead {
    /// The history: `global` or a case id.
    pub stream: String,
    /// How many events it had.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub length: i64,
    /// The hash of its last event.
    pub hash: String,
}

/// Every chain's head, with its digest and (when an authority answered) a time-stamp.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Anchor {
    /// [`ANCHOR_FORMAT`].
    pub format: String,
    /// The computer's time when it was made.
    pub created_at: String,
    /// The heads, sorted by stream.
    pub heads: Vec<AnchoredHead>,
    /// SHA-256 (hex) of the canonical JSON of `heads`: what the token stamps.
    pub digest: String,
    /// The RFC 3161 token over `digest`, hex DER; `None` when no authority answered.
    pub token: Option<String>,
    /// The authority's time, when stamped.
    pub stamped_at: Option<String>,
    /// The authority, when stamped.
    pub authority: Option<String>,
}

/// What checking one anchor found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AnchorCheck {
    /// When the anchor was made (the computer's time).
    pub created_at: String,
    /// The authority's time, when its token holds.
    pub stamped_at: Option<String>,
    /// Whether the authority chains to a trusted certificate.
    pub authority_trusted: bool,
    /// Histories that no longer extend the anchored head, and other faults.
    pub problems: Vec<String>,
    /// Anchored case histories removed since, with their case, by a recorded deletion.
    pub deleted: Vec<String>,
}

/// The digest of a list of heads.
fn digest(heads: &[AnchoredHead]) -> [u8; 32] {
    let value = serde_json::to_value(heads).unwrap_or_default();
    crate::signing::sha256(audit::canonical_json(&value).as_bytes())
}

/// How often the history is anchored at the least while an authority answers: daily.
const ANCHOR_INTERVAL_SECONDS: i64 = 24 * 3600;
/// How long after an attempt the daily anchor is tried again.
const RETRY_SECONDS: i64 = 3600;
/// When the daily anchor was last tried (not an event: trying changes nothing).
pub(super) const ANCHOR_ATTEMPT_SETTING: &str = "anchor.attempted_at";

fn seconds(ts: &str) -> Option<i64> {
    time::OffsetDateTime::parse(ts, &time::format_description::well_known::Rfc3339)
        .ok()
        .map(|t| t.unix_timestamp())
}

impl App {
    /// Every chain's head now.
    fn heads(&self) -> Result<Vec<AnchoredHead>> {
        Ok(self
            .store()
            .streams()?
            .into_iter()
            .filter_map(|(stream, head)| {
                head.map(|(hash, length)| AnchoredHead {
                    stream,
                    length,
                    hash,
                })
            })
            .collect())
    }

    /// Makes an anchor of every chain's head, time-stamped when an authority is named and
    /// answers, and records it in the global history.
    pub fn make_anchor(&self) -> Result<Anchor> {
        let anchor = self.new_anchor()?;
        self.record_anchor(&anchor)?;
        Ok(anchor)
    }

    /// An anchor of every chain's head now, time-stamped when an authority is named and
    /// answers; not recorded yet.
    fn new_anchor(&self) -> Result<Anchor> {
        let heads = self.heads()?;
        let d = digest(&heads);
        let mut anchor = Anchor {
            format: ANCHOR_FORMAT.into(),
            created_at: crate::clock::now(),
            heads,
            digest: hex::encode(d),
            token: None,
            stamped_at: None,
            authority: None,
        };
        if let Some(tsa) = self.time_stamper()? {
            // An authority that cannot be reached leaves an anchor without a token: it still
            // pins the heads for whoever keeps the file.
            if let Ok((token, info)) = crate::signing::time_stamp_digest(&tsa, &d) {
                anchor.token = Some(hex::encode(token));
                anchor.stamped_at = Some(info.time);
                anchor.authority = Some(info.authority);
            }
        }
        Ok(anchor)
    }

    /// Records `anchor` in the global history.
    fn record_anchor(&self, anchor: &Anchor) -> Result<()> {
        let actor = self.actor()?;
        let payload = serde_json::to_value(anchor).unwrap_or_default();
        self.store().write(|tx| {
            crate::store::append_event(
                tx,
                GLOBAL_STREAM,
                &anchor.created_at,
                &actor,
                EventKind::AnchorRecorded,
                None,
                payload,
            )?;
            Ok(())
        })?;
        Ok(())
    }

    /// Anchors the history after a decision or an export, when an authority is named. A
    /// failure here never undoes the decision or export it follows.
    pub(crate) fn anchor_if_time_stamped(&self) {
        if matches!(self.store().setting(super::signing::TSA_URL), Ok(Some(_))) {
            let _ = self.make_anchor();
        }
    }

    /// The daily anchor: anchors the history when an authority is named and no anchor it
    /// time-stamped is younger than a day, so that even a folder with no decisions or
    /// exports gets an outside date at least once a day while an authority is reachable.
    /// Both shells call this once the folder is open (the desktop in the background).
    /// Returns the anchor made, if one was due; an unreachable authority makes none, and
    /// the next open tries again.
    pub fn anchor_if_due(&self) -> Result<Option<Anchor>> {
        if self.store().setting(super::signing::TSA_URL)?.is_none() || self.named_actor().is_none()
        {
            return Ok(None);
        }
        let now = seconds(&crate::clock::now()).unwrap_or_default();
        let within = |t: Option<i64>, interval: i64| t.is_some_and(|t| now - t < interval);
        // An authority that did not answer is tried again after an hour, not at every open:
        // offline, each try would wait for the network.
        let attempted = self.store().setting(ANCHOR_ATTEMPT_SETTING)?;
        if within(attempted.as_deref().and_then(seconds), RETRY_SECONDS) {
            return Ok(None);
        }
        let stamped = self
            .store()
            .events(GLOBAL_STREAM)?
            .iter()
            .rev()
            .filter(|e| e.kind == EventKind::AnchorRecorded)
            .find_map(|e| e.payload["stamped_at"].as_str().and_then(seconds));
        if within(stamped, ANCHOR_INTERVAL_SECONDS) {
            return Ok(None);
        }
        self.store()
            .set_setting(ANCHOR_ATTEMPT_SETTING, &crate::clock::now())?;
        let anchor = self.new_anchor()?;
        if anchor.token.is_none() {
            // Without the authority's time this adds nothing a decision's anchor does not.
            return Ok(None);
        }
        self.record_anchor(&anchor)?;
        Ok(Some(anchor))
    }

    /// The latest anchor recorded in the global history.
    pub fn latest_anchor(&self) -> Result<Option<Anchor>> {
        let events = self.store().events(GLOBAL_STREAM)?;
        Ok(events
            .iter()
            .rev()
            .find(|e| e.kind == EventKind::AnchorRecorded)
            .and_then(|e| serde_json::from_value(e.payload.clone()).ok()))
    }

    /// Writes a fresh anchor to `path`, for keeping off this computer.
    pub fn write_anchor(&self, path: &std::path::Path) -> Result<Anchor> {
        let anchor = self.make_anchor()?;
        let text = serde_json::to_string_pretty(&anchor).unwrap_or_default();
        super::export::write_atomically(path, text.as_bytes())?;
        Ok(anchor)
    }
}

/// Reads an anchor file.
pub fn read_anchor(path: &std::path::Path) -> Result<Anchor> {
    let bytes = std::fs::read(path).map_err(|source| Error::File {
        path: path.to_path_buf(),
        source,
    })?;
    let anchor: Anchor = serde_json::from_slice(&bytes).map_err(|e| {
        Error::invalid(
            "anchor",
            format!("{} is not an anchor file: {e}", path.display()),
        )
    })?;
    if anchor.format != ANCHOR_FORMAT {
        return Err(Error::invalid(
            "anchor",
            format!("{} is not a {ANCHOR_FORMAT} file", path.display()),
        ));
    }
    Ok(anchor)
}

/// Checks `anchor` against today's histories. `trusted` decides whether the authority is
/// trusted; a token that does not hold is a problem.
pub(crate) fn check_anchor(
    anchor: &Anchor,
    streams: &BTreeMap<String, Vec<AuditEvent>>,
    trusted: &[Certificate],
) -> AnchorCheck {
    let mut check = AnchorCheck {
        created_at: anchor.created_at.clone(),
        stamped_at: None,
        authority_trusted: false,
        problems: Vec::new(),
        deleted: Vec::new(),
    };
    let d = digest(&anchor.heads);
    if hex::encode(d) != anchor.digest {
        check.problems.push(
            "the anchor's list of heads does not match its digest: the file was edited".into(),
        );
        return check;
    }
    if let Some(token) = &anchor.token {
        match hex::decode(token)
            .map_err(|e| e.to_string())
            .and_then(|t| crate::signing::verify_time_stamp(&t, &d, trusted))
        {
            Ok((info, ok)) => {
                check.stamped_at = Some(info.time);
                check.authority_trusted = ok;
            }
            Err(why) => check
                .problems
                .push(format!("its time-stamp does not hold: {why}")),
        }
    }
    let deleted_cases: Vec<String> = streams
        .get(GLOBAL_STREAM)
        .into_iter()
        .flatten()
        .filter(|e| e.kind == EventKind::CaseDeleted)
        .filter_map(|e| e.payload["case_id"].as_str().map(str::to_string))
        .collect();
    let stamped = check.stamped_at.as_deref().and_then(seconds);
    for head in &anchor.heads {
        let events = streams.get(&head.stream).map(Vec::as_slice).unwrap_or(&[]);
        if events.is_empty() && deleted_cases.contains(&head.stream) {
            check.deleted.push(head.stream.clone());
            continue;
        }
        let name = if head.stream == GLOBAL_STREAM {
            "the app-wide history".to_string()
        } else {
            format!("the history of case {}", head.stream)
        };
        let at = usize::try_from(head.length - 1)
            .ok()
            .and_then(|i| events.get(i));
        match at {
            None => check.problems.push(format!(
                "{name} has {} events, fewer than the {} anchored: it was rolled back or cut",
                events.len(),
                head.length
            )),
            Some(e) if e.hash != head.hash => check.problems.push(format!(
                "{name} no longer holds the anchored event {}: it was rewritten",
                head.length
            )),
            Some(_) => {}
        }
        if let Some(stamped) = stamped {
            check
                .problems
                .extend(times_against_stamp(events, head.length, stamped, &name));
        }
    }
    check
}

/// Events of one history whose time contradicts an anchor's time-stamp: inside the
/// anchored `length`, none may be later than it; after it, none earlier.
fn times_against_stamp(
    events: &[AuditEvent],
    length: i64,
    stamped: i64,
    name: &str,
) -> Vec<String> {
    let mut out = Vec::new();
    for (i, e) in events.iter().enumerate() {
        let Some(t) = seconds(&e.at) else { continue };
        let inside = (i as i64) < length;
        if inside && t > stamped + CLOCK_SLACK_SECS {
            out.push(format!(
                "event {} of {name} says {}, after the anchor's time-stamp",
                e.seq, e.at
            ));
        } else if !inside && t < stamped - CLOCK_SLACK_SECS {
            out.push(format!(
                "event {} of {name} says {}, before the anchor's time-stamp although it was \
                 added after it: it was backdated",
                e.seq, e.at
            ));
        }
    }
    out
}

/// Events whose time is earlier than the one before them in the same history.
pub(crate) fn times_running_backwards(streams: &BTreeMap<String, Vec<AuditEvent>>) -> Vec<String> {
    let mut out = Vec::new();
    for (stream, events) in streams {
        for pair in events.windows(2) {
            let (a, b) = (&pair[0], &pair[1]);
            if let (Some(ta), Some(tb)) = (seconds(&a.at), seconds(&b.at))
                && tb < ta
            {
                out.push(format!(
                    "event {} of {} says {}, earlier than event {} before it ({})",
                    b.seq,
                    if stream == GLOBAL_STREAM {
                        "the app-wide history"
                    } else {
                        stream
                    },
                    b.at,
                    a.seq,
                    a.at
                ));
            }
        }
    }
    out
}
