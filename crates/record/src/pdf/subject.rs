//! The subject details: every field of the case as entered, one per line.

use crate::Record;
use crate::layout::{Layout, Style};

/// The parts that are not empty, joined with `, ` (a city and country, a registration
/// number and its country).
fn non_empty_joined(parts: &[&str]) -> String {
    parts
        .iter()
        .filter(|s| !s.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(", ")
}

/// Writes the subject details section.
pub(super) fn write_subject(l: &mut Layout<'_>, r: &Record) {
    let f = &r.case.fields;
    l.heading("Subject details", Style::H2, 40.0);
    l.field("Name", &f.display_name);
    l.field("Other names", &f.other_names.join("; "));
    l.field("E-mails", &f.emails.join("; "));
    l.field("Phones", &f.phones.join("; "));
    l.field(
        "Claimed location",
        &non_empty_joined(&[f.city.as_str(), f.country.as_str()]),
    );
    l.field("Websites", &f.websites.join("; "));
    l.field("Date of birth", &f.date_of_birth);
    l.field("Company", &f.company_name);
    l.field(
        "Registration",
        &non_empty_joined(&[
            f.company_registration_number.as_str(),
            f.company_country.as_str(),
        ]),
    );
    l.field("Payout holder", &f.payout_account_holder);
    l.field("Payout account", &f.payout_account);
    l.field("Payout bank country", &f.payout_bank_country);
    l.field("Wallets", &f.wallets.join("; "));
    l.field("Shipping address", &f.shipping_address);
    l.field("Sourcing channel", &f.sourcing_channel);
    l.field(
        "Consent to checks",
        if f.consent_recorded {
            "Recorded"
        } else {
            "Not recorded"
        },
    );
    l.field("Notes", &f.notes);
}
