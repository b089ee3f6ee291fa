//! The subject's details and their validation.
//!
//! Validation normalises as it checks (phones to E.164, countries to upper case, URLs with a
//! scheme, e-mail domains to lower case) so that later comparisons across cases are exact.
//! Every problem is reported at once, with the field it belongs to, so a form can show all
//! of them next to their inputs.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::SubjectKind;

/// Longest accepted single-line value (names, roles, cities, identifiers).
pub const MAX_SHORT_TEXT: usize = 300;
/// Longest accepted free text (notes, addresses, rationales).
pub const MAX_LONG_TEXT: usize = 20_000;
/// Most values accepted in one list field (e-mails, phones, aliases …).
pub const MAX_LIST_LEN: usize = 50;

/// One problem with one field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FieldError {
    /// The field's name as in [`CaseFields`] (`emails`, `country` …).
    pub field: String,
    /// What is wrong and how to fix it.
    pub message: String,
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

/// Everything recorded about the subject of a case. Empty strings and empty lists mean
/// "not given".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(default)]
pub struct CaseFields {
    /// Person or company.
    pub kind: SubjectKind,
    /// The name the case is known by.
    pub display_name: String,
    /// Names in other scripts and aliases.
    pub other_names: Vec<String>,
    /// Role or position applied for, or the service offered.
    pub role: String,
    /// E-mail addresses.
    pub emails: Vec<String>,
    /// Phone numbers, stored in E.164 form.
    pub phones: Vec<String>,
    /// Claimed country, ISO 3166-1 alpha-2.
    pub country: String,
    /// Claimed city.
    pub city: String,
    /// Website, portfolio and profile URLs.
    pub websites: Vec<String>,
    /// Date of birth `YYYY-MM-DD` (persons), used to qualify sanctions hits.
    pub date_of_birth: String,
    /// The company the person works through, or the company itself.
    pub company_name: String,
    /// Directors, owners and other principals of the company, screened like the subject.
    pub principals: Vec<String>,
    /// Company registration number.
    pub company_registration_number: String,
    /// Country of registration, ISO 3166-1 alpha-2.
    pub company_country: String,
    /// Name on the payout account.
    pub payout_account_holder: String,
    /// Payout account reference (IBAN or account number).
    pub payout_account: String,
    /// Country of the payout bank, ISO 3166-1 alpha-2.
    pub payout_bank_country: String,
    /// Crypto wallet addresses, if any were given.
    pub wallets: Vec<String>,
    /// Where equipment would ship.
    pub shipping_address: String,
    /// How the subject was found or how they approached.
    pub sourcing_channel: String,
    /// Free notes about the case.
    pub notes: String,
    /// E-mail addresses of the referees the subject named.
    pub referee_emails: Vec<String>,
    /// Phone numbers of the referees, E.164.
    pub referee_phones: Vec<String>,
    /// The real domains of the claimed employers or of the company, found independently
    /// (not from the candidate); look-alike checks compare against these.
    pub known_domains: Vec<String>,
    /// Other sites to compare the subject's website with (a firm it may copy).
    pub comparison_urls: Vec<String>,
    /// The résumé or profile text, pasted, for the cross-case near-duplicate search.
    pub resume_text: String,
    /// The subject consented to the checks.
    pub consent_recorded: bool,
    /// Work accounts given to the person after hiring (sign-in names, usually e-mail
    /// addresses), lower-cased: imported sign-in logs are matched to the case by these.
    /// Left out of the serialised form when empty, so that cases opened before the field
    /// existed keep their material fingerprint (and their decisions stay current).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub accounts: Vec<String>,
    /// The IANA time zone the person claims to work in (`Europe/Lisbon`), for the
    /// out-of-hours share of sign-ins. Left out when empty, as `accounts`.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub time_zone: String,
    /// The home address printed on the verified ID document, for comparing with where the
    /// company device ships. Left out when empty, as `accounts`.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub id_address: String,
    /// The company device's delivery and first check-in. Left out when empty.
    #[serde(skip_serializing_if = "Delivery::is_empty")]
    pub delivery: Delivery,
}

/// How the company device reached the person: what the carrier reported and where the
/// device first checked in. The ship-to address itself is [`CaseFields::shipping_address`].
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(default)]
pub struct Delivery {
    /// Country of the ship-to address, ISO 3166-1 alpha-2.
    pub ship_to_country: String,
    /// Who signed for the delivery, as the carrier reports it.
    pub signed_by: String,
    /// Redirect, hold and address-change events, as the carrier worded them.
    pub events: Vec<String>,
    /// The device's serial number.
    pub device_serial: String,
    /// The IP address the device first checked in from (device management or endpoint
    /// tool).
    pub first_checkin_ip: String,
}

impl Delivery {
    /// Nothing recorded.
    pub fn is_empty(&self) -> bool {
        *self == Delivery::default()
    }
}

impl Default for CaseFields {
    fn default() -> Self {
        CaseFields {
            kind: SubjectKind::Person,
            display_name: String::new(),
            other_names: Vec::new(),
            role: String::new(),
            emails: Vec::new(),
            phones: Vec::new(),
            country: String::new(),
            city: String::new(),
            websites: Vec::new(),
            date_of_birth: String::new(),
            company_name: String::new(),
            principals: Vec::new(),
            company_registration_number: String::new(),
            company_country: String::new(),
            payout_account_holder: String::new(),
            payout_account: String::new(),
            payout_bank_country: String::new(),
            wallets: Vec::new(),
            shipping_address: String::new(),
            sourcing_channel: String::new(),
            notes: String::new(),
            referee_emails: Vec::new(),
            referee_phones: Vec::new(),
            known_domains: Vec::new(),
            comparison_urls: Vec::new(),
            resume_text: String::new(),
            consent_recorded: false,
            accounts: Vec::new(),
            time_zone: String::new(),
            id_address: String::new(),
            delivery: Delivery::default(),
        }
    }
}

impl CaseFields {
    /// Checks every field and returns the normalised copy, or every problem found.
    pub fn validated(&self) -> Result<CaseFields, Vec<FieldError>> {
        let mut v = Validator::default();
        let country = v.country("country", &self.country);
        let out = CaseFields {
            kind: self.kind,
            display_name: v.required_line("display_name", &self.display_name),
            other_names: v.list("other_names", &self.other_names, |v, f, s| v.line(f, s)),
            role: v.line("role", &self.role),
            emails: v.list("emails", &self.emails, Validator::email),
            phones: v.list("phones", &self.phones, |v, f, s| v.phone(f, s, &country)),
            city: v.line("city", &self.city),
            websites: v.list("websites", &self.websites, Validator::url),
            date_of_birth: v.date_of_birth("date_of_birth", &self.date_of_birth),
            company_name: v.line("company_name", &self.company_name),
            principals: v.list("principals", &self.principals, |v, f, s| v.line(f, s)),
            company_registration_number: v.line(
                "company_registration_number",
                &self.company_registration_number,
            ),
            company_country: v.country("company_country", &self.company_country),
            payout_account_holder: v.line("payout_account_holder", &self.payout_account_holder),
            payout_account: v.line("payout_account", &self.payout_account),
            payout_bank_country: v.country("payout_bank_country", &self.payout_bank_country),
            wallets: v.list("wallets", &self.wallets, Validator::wallet),
            shipping_address: v.text("shipping_address", &self.shipping_address),
            sourcing_channel: v.line("sourcing_channel", &self.sourcing_channel),
            notes: v.text("notes", &self.notes),
            referee_emails: v.list("referee_emails", &self.referee_emails, Validator::email),
            referee_phones: v.list("referee_phones", &self.referee_phones, |v, f, s| {
                v.phone(f, s, &country)
            }),
            known_domains: v.list("known_domains", &self.known_domains, Validator::domain),
            comparison_urls: v.list("comparison_urls", &self.comparison_urls, Validator::url),
            resume_text: v.text("resume_text", &self.resume_text),
            consent_recorded: self.consent_recorded,
            accounts: v.list("accounts", &self.accounts, Validator::account),
            time_zone: v.time_zone("time_zone", &self.time_zone),
            id_address: v.text("id_address", &self.id_address),
            delivery: Delivery {
                ship_to_country: v
                    .country("delivery.ship_to_country", &self.delivery.ship_to_country),
                signed_by: v.line("delivery.signed_by", &self.delivery.signed_by),
                events: v.list("delivery.events", &self.delivery.events, |v, f, s| {
                    v.line(f, s)
                }),
                device_serial: v.line("delivery.device_serial", &self.delivery.device_serial),
                first_checkin_ip: v
                    .ip("delivery.first_checkin_ip", &self.delivery.first_checkin_ip),
            },
            country,
        };
        if v.errors.is_empty() {
            Ok(out)
        } else {
            Err(v.errors)
        }
    }

    /// Every name the subject is known by: display name, other names, company name.
    pub fn all_names(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.display_name.as_str())
            .chain(self.other_names.iter().map(String::as_str))
            .chain(std::iter::once(self.company_name.as_str()))
            .filter(|s| !s.is_empty())
    }
}

/// Checks free text that a user typed: trims it, refuses control characters other than
/// line breaks and tabs, and enforces a length limit. Shared by every text the core stores.
pub fn clean_text(value: &str, max_chars: usize, multiline: bool) -> Result<String, String> {
    let value = value.replace("\r\n", "\n");
    let value = value.trim();
    let count = value.chars().count();
    if count > max_chars {
        return Err(format!(
            "is {count} characters long; the limit is {max_chars}"
        ));
    }
    if let Some(c) = value
        .chars()
        .find(|&c| c.is_control() && !(multiline && (c == '\n' || c == '\t')))
    {
        return Err(format!(
            "contains the control character U+{:04X}; remove it{}",
            c as u32,
            if multiline {
                ""
            } else {
                " (this field is a single line)"
            }
        ));
    }
    Ok(value.to_string())
}

/// Checks a web address typed by a user: adds `https://` when no scheme is given, accepts
/// only http and https with a dotted host name, and returns the normalised URL.
pub fn check_web_url(value: &str) -> Result<String, String> {
    let v = value.trim();
    if v.len() > 2_000 {
        return Err("is longer than 2,000 characters".into());
    }
    let with_scheme = if v.contains("://") || v.to_ascii_lowercase().starts_with("javascript:") {
        v.to_string()
    } else {
        format!("https://{v}")
    };
    match url::Url::parse(&with_scheme) {
        Ok(u) if !matches!(u.scheme(), "http" | "https") => Err(format!(
            "'{v}' uses the '{}' scheme; only http and https web addresses are accepted",
            u.scheme()
        )),
        Ok(u)
            if u.host_str()
                .is_some_and(|h| h.contains('.') || h == "localhost") =>
        {
            Ok(u.to_string())
        }
        _ => Err(format!(
            "'{v}' is not a web address like https://example.com"
        )),
    }
}

/// Folds text for the case-list filter: compatibility decomposition, accents removed,
/// lower case. "José" and "JOSE" both fold to "jose".
pub fn fold_for_search(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    use unicode_normalization::char::is_combining_mark;
    s.nfkd()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .collect()
}

#[derive(Default)]
struct Validator {
    errors: Vec<FieldError>,
}

impl Validator {
    fn fail(&mut self, field: &str, message: impl Into<String>) -> String {
        self.errors.push(FieldError {
            field: field.to_string(),
            message: message.into(),
        });
        String::new()
    }

    fn line(&mut self, field: &str, value: &str) -> String {
        clean_text(value, MAX_SHORT_TEXT, false).unwrap_or_else(|m| self.fail(field, m))
    }

    /// A sign-in name: one line without spaces, compared lower-cased as identity
    /// providers do.
    fn account(&mut self, field: &str, value: &str) -> String {
        let v = self.line(field, value).to_lowercase();
        if v.chars().any(char::is_whitespace) {
            return self.fail(
                field,
                format!("{v:?} has a space; give one sign-in name per entry"),
            );
        }
        v
    }

    /// An IANA time zone name the bundled database knows.
    fn time_zone(&mut self, field: &str, value: &str) -> String {
        let v = self.line(field, value);
        if v.is_empty() || jiff::tz::TimeZone::get(&v).is_ok() {
            return v;
        }
        self.fail(
            field,
            format!("{v:?} is not a time zone name; use one like Europe/Lisbon or America/Chicago"),
        )
    }

    /// An IPv4 or IPv6 address, in its canonical form.
    fn ip(&mut self, field: &str, value: &str) -> String {
        let v = self.line(field, value);
        if v.is_empty() {
            return v;
        }
        match v.parse::<std::net::IpAddr>() {
            Ok(ip) => ip.to_string(),
            Err(_) => self.fail(
                field,
                format!("{v:?} is not an IP address like 203.0.113.7 or 2001:db8::1"),
            ),
        }
    }

    fn text(&mut self, field: &str, value: &str) -> String {
        clean_text(value, MAX_LONG_TEXT, true).unwrap_or_else(|m| self.fail(field, m))
    }

    fn required_line(&mut self, field: &str, value: &str) -> String {
        let v = self.line(field, value);
        if v.is_empty() && !self.errors.iter().any(|e| e.field == field) {
            return self.fail(field, "is required");
        }
        v
    }

    /// Validates each non-empty entry, drops blanks and exact duplicates.
    fn list(
        &mut self,
        field: &str,
        values: &[String],
        mut check: impl FnMut(&mut Self, &str, &str) -> String,
    ) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for value in values.iter().filter(|s| !s.trim().is_empty()) {
            let before = self.errors.len();
            let v = check(self, field, value);
            if self.errors.len() == before && !v.is_empty() && !out.contains(&v) {
                out.push(v);
            }
        }
        if out.len() > MAX_LIST_LEN {
            self.fail(
                field,
                format!("has {} entries; the limit is {MAX_LIST_LEN}", out.len()),
            );
        }
        out
    }

    fn country(&mut self, field: &str, value: &str) -> String {
        let v = value.trim().to_ascii_uppercase();
        if v.is_empty() {
            return v;
        }
        match isocountry::CountryCode::for_alpha2(&v) {
            Ok(_) => v,
            Err(_) => self.fail(
                field,
                format!(
                    "'{}' is not an ISO 3166 two-letter country code (for example GB, US, DE)",
                    value.trim()
                ),
            ),
        }
    }

    fn email(&mut self, field: &str, value: &str) -> String {
        let v = value.trim();
        match email_address::EmailAddress::from_str(v) {
            Ok(addr) if addr.domain().contains('.') => {
                format!(
                    "{}@{}",
                    addr.local_part(),
                    addr.domain().to_ascii_lowercase()
                )
            }
            _ => self.fail(
                field,
                format!("'{v}' is not an e-mail address like name@example.com"),
            ),
        }
    }

    fn phone(&mut self, field: &str, value: &str, country: &str) -> String {
        let v = value.trim();
        let region = phonenumber::country::Id::from_str(country).ok();
        if region.is_none() && !v.starts_with('+') && !v.starts_with("00") {
            return self.fail(
                field,
                format!(
                    "'{v}' has no country code: write it as +44 20 7946 0958, or set the claimed country first"
                ),
            );
        }
        match phonenumber::parse(region, v) {
            Ok(n) if phonenumber::is_valid(&n) => {
                n.format().mode(phonenumber::Mode::E164).to_string()
            }
            Ok(_) => self.fail(
                field,
                format!("'{v}' is not a valid number in its country's numbering plan"),
            ),
            Err(_) => self.fail(
                field,
                format!("'{v}' is not a phone number; use international form like +1 202 555 0143"),
            ),
        }
    }

    fn url(&mut self, field: &str, value: &str) -> String {
        check_web_url(value).unwrap_or_else(|m| self.fail(field, m))
    }

    /// A domain, also accepted as a web address or an e-mail address and reduced to its
    /// host name, lower case (IDNs in their ASCII form).
    fn domain(&mut self, field: &str, value: &str) -> String {
        let v = value.trim();
        let host_part = v.rsplit_once('@').map_or(v, |(_, d)| d);
        match check_web_url(host_part)
            .ok()
            .and_then(|u| url::Url::parse(&u).ok())
            .and_then(|u| u.domain().map(|d| d.trim_start_matches("www.").to_string()))
        {
            Some(d) if d.contains('.') => d,
            _ => self.fail(field, format!("'{v}' is not a domain like example.com")),
        }
    }

    fn date_of_birth(&mut self, field: &str, value: &str) -> String {
        let v = value.trim();
        if v.is_empty() {
            return String::new();
        }
        match bonafide_base::clock::parse_date(v) {
            Some(d) if d.year() >= 1900 && d <= bonafide_base::clock::today() => v.to_string(),
            Some(_) => self.fail(field, format!("'{v}' is not a plausible date of birth")),
            None => self.fail(field, format!("'{v}' is not a date in the form YYYY-MM-DD")),
        }
    }

    fn wallet(&mut self, field: &str, value: &str) -> String {
        let v = value.trim();
        let ok_chars = v
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, ':' | '_' | '-'));
        if ok_chars && (20..=130).contains(&v.len()) {
            v.to_string()
        } else {
            self.fail(
                field,
                format!(
                    "'{v}' does not look like a crypto wallet address (20–130 letters and digits)"
                ),
            )
        }
    }
}

/// `https://www.Example.com/path` → `example.com`.
pub fn host_of(v: &str) -> Option<String> {
    let v = v.trim();
    let with_scheme = if v.contains("://") {
        v.to_string()
    } else {
        format!("http://{v}")
    };
    let host = url::Url::parse(&with_scheme)
        .ok()?
        .host_str()?
        .to_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host).to_string();
    (host.contains('.')).then_some(host)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person(name: &str) -> CaseFields {
        CaseFields {
            display_name: name.into(),
            ..CaseFields::default()
        }
    }

    /// Validates `input` and returns either the normalised value of one field (via `get`)
    /// or the messages of the errors on `field`.
    fn check(
        input: CaseFields,
        field: &str,
        get: impl Fn(&CaseFields) -> String,
    ) -> Result<String, Vec<String>> {
        match input.validated() {
            Ok(v) => Ok(get(&v)),
            Err(errs) => Err(errs
                .into_iter()
                .filter(|e| e.field == field)
                .map(|e| e.message)
                .collect()),
        }
    }

    #[test]
    fn name_is_required() {
        let errs = person("   ").validated().unwrap_err();
        assert_eq!(errs.len(), 1);
        assert_eq!(errs[0].field, "display_name");
        assert_eq!(errs[0].message, "is required");
    }

    #[test]
    fn all_errors_are_reported_together() {
        let input = CaseFields {
            display_name: String::new(),
            emails: vec!["nope".into()],
            country: "XX".into(),
            websites: vec!["ftp://example.com".into()],
            ..CaseFields::default()
        };
        let fields: Vec<String> = input
            .validated()
            .unwrap_err()
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(fields, ["country", "display_name", "emails", "websites"]);
    }

    #[test]
    fn phones_normalise_to_e164_with_or_without_country() {
        let intl = CaseFields {
            phones: vec!["+44 20 7946 0958".into()],
            ..person("A")
        };
        assert_eq!(
            check(intl, "phones", |v| v.phones[0].clone()),
            Ok("+442079460958".into())
        );
        let national = CaseFields {
            phones: vec!["020 7946 0958".into()],
            country: "gb".into(),
            ..person("A")
        };
        assert_eq!(
            check(national, "phones", |v| v.phones[0].clone()),
            Ok("+442079460958".into())
        );
    }

    #[test]
    fn national_phone_without_country_is_refused_with_advice() {
        let input = CaseFields {
            phones: vec!["020 7946 0958".into()],
            ..person("A")
        };
        let msgs = check(input, "phones", |_| String::new()).unwrap_err();
        assert!(msgs[0].contains("no country code"), "{msgs:?}");
    }

    #[test]
    fn invalid_phone_is_refused() {
        let input = CaseFields {
            phones: vec!["+44 12".into()],
            ..person("A")
        };
        assert!(check(input, "phones", |_| String::new()).is_err());
    }

    #[test]
    fn urls_gain_a_scheme_and_other_schemes_are_refused() {
        let input = CaseFields {
            websites: vec!["example.com/about".into()],
            ..person("A")
        };
        assert_eq!(
            check(input, "websites", |v| v.websites[0].clone()),
            Ok("https://example.com/about".into())
        );
        let js = CaseFields {
            websites: vec!["javascript:alert(1)".into()],
            ..person("A")
        };
        let msgs = check(js, "websites", |_| String::new()).unwrap_err();
        assert!(msgs[0].contains("javascript"), "{msgs:?}");
    }

    #[test]
    fn email_domain_is_lower_cased() {
        let input = CaseFields {
            emails: vec![" Jane.Doe@Example.COM ".into()],
            ..person("A")
        };
        assert_eq!(
            check(input, "emails", |v| v.emails[0].clone()),
            Ok("Jane.Doe@example.com".into())
        );
    }

    #[test]
    fn country_codes_are_checked_against_iso_3166() {
        let ok = CaseFields {
            country: "de".into(),
            ..person("A")
        };
        assert_eq!(check(ok, "country", |v| v.country.clone()), Ok("DE".into()));
        let bad = CaseFields {
            country: "Germany".into(),
            ..person("A")
        };
        assert!(check(bad, "country", |_| String::new()).is_err());
    }

    #[test]
    fn date_of_birth_must_be_a_past_date() {
        let future = CaseFields {
            date_of_birth: "2999-01-01".into(),
            ..person("A")
        };
        assert!(check(future, "date_of_birth", |_| String::new()).is_err());
        let garbled = CaseFields {
            date_of_birth: "01/02/1990".into(),
            ..person("A")
        };
        assert!(check(garbled, "date_of_birth", |_| String::new()).is_err());
        let ok = CaseFields {
            date_of_birth: "1990-02-01".into(),
            ..person("A")
        };
        assert_eq!(
            check(ok, "date_of_birth", |v| v.date_of_birth.clone()),
            Ok("1990-02-01".into())
        );
    }

    #[test]
    fn oversized_and_control_characters_are_refused() {
        let long = person(&"x".repeat(MAX_SHORT_TEXT + 1));
        assert!(long.validated().unwrap_err()[0].message.contains("limit"));
        let ctl = person("Bob\u{0007}");
        assert!(ctl.validated().unwrap_err()[0].message.contains("U+0007"));
        let newline_in_name = person("Bob\nSmith");
        assert!(newline_in_name.validated().is_err());
        let notes = CaseFields {
            notes: "line one\r\nline two".into(),
            ..person("A")
        };
        assert_eq!(notes.validated().unwrap().notes, "line one\nline two");
    }

    #[test]
    fn blanks_and_duplicates_in_lists_are_dropped() {
        let input = CaseFields {
            other_names: vec!["Kim".into(), " ".into(), "Kim".into(), "김".into()],
            ..person("A")
        };
        assert_eq!(input.validated().unwrap().other_names, ["Kim", "김"]);
    }

    #[test]
    fn markup_is_kept_as_plain_text() {
        // The core stores what was typed; rendering it inert is the UI's job, and the
        // end-to-end test checks that it does.
        let input = person("<img src=x onerror=alert(1)>");
        assert_eq!(
            input.validated().unwrap().display_name,
            "<img src=x onerror=alert(1)>"
        );
    }
}
