//! The company device's journey: where it shipped, who signed for it, whether it was
//! redirected or held, and where it first checked in. Laptop farms receive devices for
//! workers abroad, so a device shipped somewhere other than the ID address, redirected on
//! the way, or first seen online in another country is worth a question before access.
//!
//! Addresses are free text, compared after folding case, accents, punctuation and the
//! common street-word abbreviations: "12 Main St." and "12 main street" are the same
//! address, and anything else that differs is a reason to ask, not proof.

use bonafide_model::{CaseFields, fold_for_search};

use crate::catalog::Catalog;
use crate::findings::{Assessment, CitedRow, Finding, FindingKind, Weight, cite};
use crate::networks::NetworkTable;

/// The checklist item delivery findings inform.
pub const ITEM_SHIP: &str = "onboarding.ship_address";

/// Another case's ship-to address, for the shared-address finding.
#[derive(Debug, Clone)]
pub struct OtherAddress {
    /// Its id.
    pub case_id: String,
    /// Its name.
    pub case_name: String,
    /// Its ship-to address as typed.
    pub address: String,
}

/// An address reduced to what identifies it: folded, punctuation gone, street words
/// abbreviated one way.
pub fn address_key(address: &str) -> String {
    const WORDS: &[(&str, &str)] = &[
        ("street", "st"),
        ("avenue", "ave"),
        ("road", "rd"),
        ("boulevard", "blvd"),
        ("drive", "dr"),
        ("lane", "ln"),
        ("court", "ct"),
        ("place", "pl"),
        ("square", "sq"),
        ("highway", "hwy"),
        ("apartment", "apt"),
        ("suite", "ste"),
        ("floor", "fl"),
        ("building", "bldg"),
        ("north", "n"),
        ("south", "s"),
        ("east", "e"),
        ("west", "w"),
        ("number", "no"),
    ];
    fold_for_search(address)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| {
            WORDS
                .iter()
                .find(|(long, _)| *long == w)
                .map_or(w, |(_, short)| short)
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// What the delivery details of a case show.
pub fn analyse_delivery(
    fields: &CaseFields,
    others: &[OtherAddress],
    table: &NetworkTable,
    catalog: &Catalog,
) -> Assessment {
    let mut out = Assessment::default();
    let ship_to = fields.shipping_address.trim();
    let d = &fields.delivery;
    if ship_to.is_empty() && d.is_empty() {
        return out;
    }
    if ship_to.is_empty() {
        out.note("No ship-to address is recorded: it was not compared with the ID address or with other cases.");
    } else {
        compare_with_id(fields, &mut out);
        shared_with_others(ship_to, others, &mut out);
        out.note("No open list of mail or freight forwarders exists, so the ship-to address was not compared with one: look it up on a map and in street-level imagery.");
    }
    if !d.events.is_empty() {
        let (rows, n) = cite(d.events.iter().map(|e| (0, e.clone())));
        out.findings.push(finding(
            FindingKind::DeliveryRedirected,
            Weight::Concern,
            format!("The carrier reported {n} redirect, hold or address-change event(s). Helpers who host devices for workers abroad have had laptops redirected to them; ask who asked for the change and why."),
            rows,
            n,
        ));
    }
    signer(fields, &mut out);
    first_checkin(fields, table, catalog, &mut out);
    out
}

fn finding(
    kind: FindingKind,
    weight: Weight,
    summary: String,
    rows: Vec<CitedRow>,
    row_count: u64,
) -> Finding {
    Finding {
        kind,
        weight,
        item_id: ITEM_SHIP.into(),
        summary,
        rows,
        row_count,
        sources: vec!["The case's delivery details".into()],
        other_cases: Vec::new(),
    }
}

fn row(text: String) -> CitedRow {
    CitedRow { line: 0, text }
}

fn compare_with_id(fields: &CaseFields, out: &mut Assessment) {
    let id = fields.id_address.trim();
    if id.is_empty() {
        out.note("No ID address is recorded: the ship-to address was not compared with it.");
        return;
    }
    if address_key(id) != address_key(&fields.shipping_address) {
        out.findings.push(finding(
            FindingKind::ShipToNotIdAddress,
            Weight::Concern,
            "The device ships to an address other than the one on the verified ID. Ask why, record the answer, and ask for proof of the new address before shipping.".into(),
            vec![
                row(format!("Ship-to: {}", one_line(&fields.shipping_address))),
                row(format!("ID address: {}", one_line(id))),
            ],
            2,
        ));
    }
}

fn shared_with_others(ship_to: &str, others: &[OtherAddress], out: &mut Assessment) {
    let key = address_key(ship_to);
    let same: Vec<&OtherAddress> = others
        .iter()
        .filter(|o| !o.address.trim().is_empty() && address_key(&o.address) == key)
        .collect();
    if same.is_empty() {
        return;
    }
    let names: Vec<String> = same
        .iter()
        .map(|o| format!("{} ({})", o.case_name, o.case_id))
        .collect();
    let mut f = finding(
        FindingKind::ShipToShared,
        Weight::Concern,
        format!(
            "The ship-to address is also the ship-to address of {}. Several hires' devices going to one address is the laptop-farm pattern.",
            names.join(", ")
        ),
        vec![row(format!("Ship-to: {}", one_line(ship_to)))],
        1,
    );
    f.other_cases = same.iter().map(|o| o.case_id.clone()).collect();
    out.findings.push(f);
}

/// Who signed, when no word of the name matches any of the subject's names. Context
/// only: carriers abbreviate and misspell names, and a neighbour may sign in good faith.
fn signer(fields: &CaseFields, out: &mut Assessment) {
    let signed = fields.delivery.signed_by.trim();
    if signed.is_empty() {
        return;
    }
    let words = |s: &str| -> Vec<String> {
        fold_for_search(s)
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| w.chars().count() >= 2)
            .map(str::to_owned)
            .collect()
    };
    let own: Vec<String> = fields.all_names().flat_map(words).collect();
    if words(signed).iter().any(|w| own.contains(w)) {
        return;
    }
    out.findings.push(finding(
        FindingKind::SignedBySomeoneElse,
        Weight::Context,
        format!("The delivery was signed for by \"{signed}\", a name that shares no word with the hired person's. Confirm with the person that they received the device themselves."),
        vec![row(format!("Signed for by: {signed}"))],
        1,
    ));
}

fn first_checkin(
    fields: &CaseFields,
    table: &NetworkTable,
    catalog: &Catalog,
    out: &mut Assessment,
) {
    let d = &fields.delivery;
    if d.first_checkin_ip.is_empty() {
        out.note("No first check-in address is recorded: where the device first came online was not compared with where it shipped.");
        return;
    }
    let Ok(ip) = d.first_checkin_ip.parse() else {
        out.note(format!(
            "The first check-in address {:?} is not an IP address; it was not assessed.",
            d.first_checkin_ip
        ));
        return;
    };
    let (expected, whose) = if !d.ship_to_country.is_empty() {
        (d.ship_to_country.as_str(), "the ship-to country")
    } else {
        (
            fields.country.as_str(),
            "the claimed country (no ship-to country is recorded)",
        )
    };
    let net = table.lookup(ip);
    let class = net.asn.and_then(|a| catalog.network(a));
    let Some(country) = net.country.as_deref() else {
        out.note(format!("The network data has no country for the first check-in address {ip}; it was not compared with where the device shipped."));
        return;
    };
    if expected.is_empty() {
        out.note(format!("Neither a ship-to country nor a claimed country is recorded; the first check-in from {country} was not compared."));
        return;
    }
    if country == expected && class.is_none() {
        return;
    }
    let network = match (&net.organisation, net.asn) {
        (Some(o), Some(a)) => format!("{o}, AS{a}"),
        (None, Some(a)) => format!("AS{a}"),
        _ => "an unnamed network".into(),
    };
    let mut summary = if country == expected {
        format!("The device first checked in from {country}, as expected, but from {network}")
    } else {
        format!(
            "The device first checked in from {country}, not {expected} ({whose}), through {network}"
        )
    };
    if let Some(c) = class {
        summary.push_str(&format!(", {} run by {}", c.class.label(), c.operator));
    }
    summary.push_str(". A device that goes online somewhere other than where it was delivered may be operated remotely or have been passed on; ask the person.");
    let mut f = finding(
        FindingKind::FirstCheckInElsewhere,
        Weight::Concern,
        summary,
        vec![row(format!("First check-in: {ip} ({country}, {network})"))],
        1,
    );
    f.sources = crate::analyse_signins::table_sources(table, false);
    f.sources
        .extend(crate::analyse_signins::table_sources(table, true));
    if let Some(c) = class {
        f.sources.extend(catalog.cite(&c.sources));
    }
    out.findings.push(f);
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// What a carrier's tracking text says about a delivery, as far as it can be read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CarrierText {
    /// "Signed for by", "Received by" and similar.
    pub signed_by: Option<String>,
    /// Lines that report a redirect, hold or change of delivery address.
    pub events: Vec<String>,
    /// A "Ship to" or "Delivery address" line.
    pub ship_to: Option<String>,
    /// A "Serial number" line.
    pub device_serial: Option<String>,
}

impl CarrierText {
    /// Fills the case's delivery fields that are still empty, and adds events not yet
    /// recorded; never overwrites what a person typed. Returns the fields it filled.
    pub fn fill(&self, fields: &mut CaseFields) -> Vec<&'static str> {
        let mut filled = Vec::new();
        let mut put = |slot: &mut String, value: &Option<String>, name: &'static str| {
            if let Some(v) = value.as_ref().filter(|_| slot.trim().is_empty()) {
                *slot = v.clone();
                filled.push(name);
            }
        };
        put(
            &mut fields.shipping_address,
            &self.ship_to,
            "shipping address",
        );
        put(
            &mut fields.delivery.signed_by,
            &self.signed_by,
            "signed for by",
        );
        put(
            &mut fields.delivery.device_serial,
            &self.device_serial,
            "device serial",
        );
        let before = fields.delivery.events.len();
        for e in &self.events {
            if !fields.delivery.events.contains(e) {
                fields.delivery.events.push(e.clone());
            }
        }
        if fields.delivery.events.len() > before {
            filled.push("delivery events");
        }
        filled
    }
}

/// Reads pasted tracking text line by line. Carriers word their pages differently and
/// change them, so this looks for the labels they share rather than one layout; what it
/// does not recognise it leaves alone, and the person fills it in.
pub fn read_carrier_text(text: &str) -> CarrierText {
    const SIGNED: &[&str] = &[
        "signed for by",
        "signed by",
        "received by",
        "signature:",
        "signatory",
    ];
    const SHIP_TO: &[&str] = &["ship to", "shipped to", "delivery address", "deliver to"];
    const SERIAL: &[&str] = &["serial number", "serial no", "serial #", "s/n"];
    const EVENTS: &[&str] = &[
        "redirect",
        "rerout",
        "re-rout",
        "forwarded",
        "hold at",
        "held at",
        "on hold",
        "held for",
        "delivery change",
        "change of address",
        "address change",
        "address updated",
        "address corrected",
        "new delivery address",
        "delivery option",
        "pick up at",
        "pickup at",
        "collect from",
        "access point",
    ];
    let labels: Vec<&str> = [SIGNED, SHIP_TO, SERIAL].concat();
    let mut out = CarrierText::default();
    let segments = text.lines().flat_map(|l| at_labels(l, &labels));
    for line in segments.map(str::trim).filter(|l| !l.is_empty()) {
        let lower = line.to_lowercase();
        if out.signed_by.is_none() {
            out.signed_by = value_after(line, &lower, SIGNED);
        }
        if out.ship_to.is_none() {
            out.ship_to = value_after(line, &lower, SHIP_TO);
        }
        if out.device_serial.is_none() {
            out.device_serial = value_after(line, &lower, SERIAL);
        }
        if EVENTS.iter().any(|e| lower.contains(e)) && !out.events.iter().any(|e| e == line) {
            out.events.push(one_line(line).chars().take(300).collect());
        }
    }
    out
}

/// Where `label` stands as whole words in `lower`: "deliver to" in "deliver to: …", not
/// in "we deliver tomorrow".
fn label_at(lower: &str, label: &str) -> Vec<usize> {
    let word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    lower
        .match_indices(label)
        .map(|(i, _)| i)
        .filter(|&i| {
            let before = lower[..i].chars().next_back();
            let after = lower[i + label.len()..].chars().next();
            !word(before) && (!label.ends_with(char::is_alphanumeric) || !word(after))
        })
        .collect()
}

/// A line cut before each label after its start: text copied from a web page often runs
/// "Ship To: … Received By: …" together on one line, and each label's value ends where
/// the next label begins. Lines whose lower-case form has another length (where byte
/// positions would not carry over) are left whole.
fn at_labels<'a>(line: &'a str, labels: &[&str]) -> Vec<&'a str> {
    let lower = line.to_lowercase();
    if lower.len() != line.len() {
        return vec![line];
    }
    let mut cuts: Vec<usize> = labels
        .iter()
        .flat_map(|l| label_at(&lower, l))
        .filter(|&i| i > 0 && line.is_char_boundary(i))
        .collect();
    cuts.sort_unstable();
    cuts.dedup();
    let mut out = Vec::new();
    let mut from = 0;
    for cut in cuts {
        out.push(&line[from..cut]);
        from = cut;
    }
    out.push(&line[from..]);
    out
}

/// The text after the first of `labels` in `line` and any `:` or `-`, when there is some.
fn value_after(line: &str, lower: &str, labels: &[&str]) -> Option<String> {
    let (at, label) = labels
        .iter()
        .filter_map(|l| label_at(lower, l).first().map(|&i| (i, *l)))
        .min_by_key(|(i, _)| *i)?;
    // `lower` and `line` may differ in length where lower-casing changes it; fall back
    // to the lower-case text then rather than slicing at a wrong boundary.
    let start = at + label.len();
    let rest = line
        .get(start..)
        .filter(|_| lower.len() == line.len())
        .unwrap_or(&lower[start..]);
    let value = rest
        .trim_start_matches(|c: char| c == ':' || c == '-' || c == '#' || c.is_whitespace())
        .trim();
    (!value.is_empty()).then(|| value.chars().take(300).collect())
}
