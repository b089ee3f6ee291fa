//! Findings: what an import shows about the person doing the work, each with the rows that
//! raised it and the sources it relies on. A finding never judges nationality: it compares
//! where sign-ins come from with what the person claimed, and names networks and devices.
//!
//! What could not be assessed is said as a note, never passed over: a log without
//! locations has no impossible-travel finding *and a note saying so*.

use serde::{Deserialize, Serialize};

/// The checklist item sign-in and device findings inform.
pub const ITEM_ACCESS: &str = "monitoring.access";

/// The kinds of finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum FindingKind {
    /// Sign-ins from hosting or cloud networks.
    HostingNetwork,
    /// Sign-ins from VPN or proxy networks.
    VpnNetwork,
    /// Sign-ins registered to a country other than the claimed one.
    OtherCountry,
    /// Two consecutive sign-ins too far apart for the time between them.
    ImpossibleTravel,
    /// A large share of sign-ins outside working hours in the claimed time zone.
    OutOfHours,
    /// An address also used by the accounts of other cases.
    SharedAddress,
    /// One MFA device on several accounts.
    SharedMfaDevice,
    /// An IP-KVM or keyboard-and-mouse emulator on the company device.
    IpKvm,
    /// Two or more remote-access tools on the company device.
    RemoteAccessTools,
    /// A VPN client on the company device.
    VpnClient,
    /// The device ships to an address other than the ID address.
    ShipToNotIdAddress,
    /// The ship-to address is another case's ship-to address too.
    ShipToShared,
    /// The carrier reported a redirect, hold or address change.
    DeliveryRedirected,
    /// Someone whose name is not the person's signed for the device.
    SignedBySomeoneElse,
    /// The device first checked in from another country or a hosting or VPN network.
    FirstCheckInElsewhere,
}

impl FindingKind {
    /// A short title.
    pub fn title(self) -> &'static str {
        match self {
            FindingKind::HostingNetwork => "Sign-ins from hosting networks",
            FindingKind::VpnNetwork => "Sign-ins from VPN networks",
            FindingKind::OtherCountry => "Sign-ins from another country",
            FindingKind::ImpossibleTravel => "Impossible travel",
            FindingKind::OutOfHours => "Activity outside working hours",
            FindingKind::SharedAddress => "Address shared with other cases",
            FindingKind::SharedMfaDevice => "MFA device on several accounts",
            FindingKind::IpKvm => "IP-KVM device on the company device",
            FindingKind::RemoteAccessTools => "Remote-access tools on the company device",
            FindingKind::VpnClient => "VPN client on the company device",
            FindingKind::ShipToNotIdAddress => "Device ships somewhere other than the ID address",
            FindingKind::ShipToShared => "Ship-to address shared with other cases",
            FindingKind::DeliveryRedirected => "Delivery redirected or held",
            FindingKind::SignedBySomeoneElse => "Delivery signed for by someone else",
            FindingKind::FirstCheckInElsewhere => "Device first checked in elsewhere",
        }
    }
}

/// How much a finding weighs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Weight {
    /// Worth a concern on the item it informs.
    Concern,
    /// Context: recorded and shown, proposes nothing.
    Context,
}

/// One row of an import, as a finding cites it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CitedRow {
    /// The line (CSV) or event (JSON) number in the imported file.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub line: u64,
    /// The row, as a person reads it.
    pub text: String,
}

/// One finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "MonitorFinding"))]
pub struct Finding {
    /// What kind.
    pub kind: FindingKind,
    /// Concern or context.
    pub weight: Weight,
    /// The checklist item it informs.
    pub item_id: String,
    /// One sentence saying what was found.
    pub summary: String,
    /// The rows that raised it (at most [`MAX_CITED_ROWS`]).
    pub rows: Vec<CitedRow>,
    /// How many rows raised it in all.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub row_count: u64,
    /// The sources the finding relies on, as citation lines.
    pub sources: Vec<String>,
    /// Other cases involved (shared address or device), by id.
    #[serde(default)]
    pub other_cases: Vec<String>,
}

/// Rows cited per finding; the count says how many there were in all.
pub const MAX_CITED_ROWS: usize = 20;

/// Findings and what could not be assessed.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "MonitorAssessment"))]
pub struct Assessment {
    /// What was found.
    pub findings: Vec<Finding>,
    /// What could not be assessed, and why.
    pub not_assessed: Vec<String>,
}

impl Assessment {
    pub(crate) fn note(&mut self, text: impl Into<String>) {
        self.not_assessed.push(text.into());
    }
}

/// Builds a finding's cited rows from an iterator of `(line, text)`.
pub fn cite(rows: impl IntoIterator<Item = (u64, String)>) -> (Vec<CitedRow>, u64) {
    let mut cited = Vec::new();
    let mut n = 0u64;
    for (line, text) in rows {
        n += 1;
        if cited.len() < MAX_CITED_ROWS {
            cited.push(CitedRow { line, text });
        }
    }
    (cited, n)
}
