//! Device findings: IP-KVMs, remote-access tools and VPN clients on the company device.

use std::collections::BTreeMap;

use crate::catalog::{Catalog, Tool};
use crate::findings::{Assessment, Finding, FindingKind, ITEM_ACCESS, Weight, cite};
use crate::inventory::{Inventory, Software, SoftwareSource};

fn source_label(s: SoftwareSource) -> &'static str {
    match s {
        SoftwareSource::Program => "installed program",
        SoftwareSource::App => "application",
        SoftwareSource::DebPackage => "package",
        SoftwareSource::Process => "running process",
        SoftwareSource::Mdm => "MDM inventory",
    }
}

fn describe(s: &Software) -> String {
    let extra = if s.identifier.is_empty() {
        String::new()
    } else {
        format!(" ({})", s.identifier)
    };
    format!("{}: {}{extra}", source_label(s.source), s.name)
}

/// Findings for one inventory.
pub fn analyse_inventory(inv: &Inventory, catalog: &Catalog) -> Assessment {
    let mut a = Assessment::default();
    if inv.usb.is_empty() {
        a.note("USB devices were not assessed: the inventory has no usb_devices rows (osquery lists them on macOS and Linux).");
    }
    if inv.software.is_empty() {
        a.note("Software was not assessed: the inventory lists no programs, apps, packages or processes.");
    }
    kvms(&mut a, inv, catalog);
    tools(&mut a, inv, catalog);
    a
}

fn kvms(a: &mut Assessment, inv: &Inventory, catalog: &Catalog) {
    let hits: Vec<_> = inv
        .usb
        .iter()
        .filter_map(|u| catalog.kvm(u).map(|k| (u, k)))
        .collect();
    if hits.is_empty() {
        return;
    }
    let mut keys: Vec<String> = hits.iter().flat_map(|(_, k)| k.sources.clone()).collect();
    keys.sort();
    keys.dedup();
    let mut names: Vec<&str> = hits.iter().map(|(_, k)| k.name.as_str()).collect();
    names.dedup();
    let (rows, n) = cite(hits.iter().map(|(u, k)| {
        (
            u.record,
            format!(
                "USB {}:{} \"{}\" \"{}\" serial {:?}: {}",
                u.vendor_id, u.product_id, u.vendor, u.model, u.serial, k.name
            ),
        )
    }));
    a.findings.push(Finding {
        kind: FindingKind::IpKvm,
        weight: Weight::Concern,
        item_id: ITEM_ACCESS.into(),
        summary: format!(
            "The company device has {} attached: {}. An IP-KVM lets someone elsewhere work the device as if at its keyboard, as in the laptop farms of reported cases. Ask to see the desk on camera.",
            if n == 1 { "a USB keyboard-and-mouse emulator" } else { "USB keyboard-and-mouse emulators" },
            names.join("; ")
        ),
        rows,
        row_count: n,
        sources: catalog.cite(&keys),
        other_cases: Vec::new(),
    });
}

fn tools(a: &mut Assessment, inv: &Inventory, catalog: &Catalog) {
    let mut remote: BTreeMap<&str, (Vec<&Software>, &Tool)> = BTreeMap::new();
    let mut vpn: BTreeMap<&str, (Vec<&Software>, &Tool)> = BTreeMap::new();
    for s in &inv.software {
        if let Some(t) = catalog.remote_tool(s) {
            remote
                .entry(t.name.as_str())
                .or_insert_with(|| (Vec::new(), t))
                .0
                .push(s);
        }
        if let Some(t) = catalog.vpn_client(s) {
            vpn.entry(t.name.as_str())
                .or_insert_with(|| (Vec::new(), t))
                .0
                .push(s);
        }
    }
    let finding =
        |kind, weight, summary: String, found: &BTreeMap<&str, (Vec<&Software>, &Tool)>| {
            let mut keys: Vec<String> = found
                .values()
                .flat_map(|(_, t)| t.sources.clone())
                .collect();
            keys.sort();
            keys.dedup();
            let (rows, n) = cite(
                found
                    .values()
                    .flat_map(|(s, _)| s.iter().map(|s| (s.record, describe(s)))),
            );
            Finding {
                kind,
                weight,
                item_id: ITEM_ACCESS.into(),
                summary,
                rows,
                row_count: n,
                sources: catalog.cite(&keys),
                other_cases: Vec::new(),
            }
        };
    let names = |m: &BTreeMap<&str, _>| m.keys().copied().collect::<Vec<_>>().join(", ");
    if remote.len() >= 2 {
        let summary = format!(
            "{} remote-access tools are on the company device: {}. More than one is rarely needed; reported cases used them to work the device from elsewhere. Check which the company installed.",
            remote.len(),
            names(&remote)
        );
        a.findings.push(finding(
            FindingKind::RemoteAccessTools,
            Weight::Concern,
            summary,
            &remote,
        ));
    } else if remote.len() == 1 {
        let summary = format!(
            "One remote-access tool is on the company device: {}. Fine if the company installed it for support; otherwise ask why it is there.",
            names(&remote)
        );
        a.findings.push(finding(
            FindingKind::RemoteAccessTools,
            Weight::Context,
            summary,
            &remote,
        ));
    }
    if !vpn.is_empty() {
        let summary = format!(
            "A VPN client is on the company device: {}. Unless the company issued it, it hides where the device connects from; Astrill VPN in particular is named in reporting on these schemes.",
            names(&vpn)
        );
        a.findings.push(finding(
            FindingKind::VpnClient,
            Weight::Concern,
            summary,
            &vpn,
        ));
    }
}
