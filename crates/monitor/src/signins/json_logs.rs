//! The JSON sign-in logs: Okta's System Log, Entra ID's sign-ins and Google Workspace's
//! login audit. Each is read as a stream of top-level values, so an export of many pages
//! (arrays one after another, or one event per line) reads the same as one array, and only
//! the fields used here are kept in memory.

use std::collections::HashMap;
use std::fmt;
use std::io::Read;
use std::marker::PhantomData;

use serde::de::{self, DeserializeOwned, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer};

use super::{Interner, SignIn, SignInFormat, SignInLog, parse_ip, parse_time};
use crate::MonitorError;

pub(super) fn detect(head: &str) -> Option<SignInFormat> {
    let has = |k: &str| head.contains(k);
    if has("\"eventType\"") && has("\"published\"") {
        Some(SignInFormat::OktaJson)
    } else if has("\"createdDateTime\"") && has("\"userPrincipalName\"") {
        Some(SignInFormat::EntraJson)
    } else if has("admin#reports#activit") || (has("\"applicationName\"") && has("\"login\"")) {
        Some(SignInFormat::GoogleJson)
    } else {
        None
    }
}

/// One top-level value: an array of records, a page object wrapping one (`value` in
/// Graph, `items` in Google's API), or a single record.
enum Top<T> {
    Many(Vec<T>),
    One(T),
}

const WRAPPERS: [&str; 2] = ["value", "items"];

impl<'de, T: DeserializeOwned> Deserialize<'de> for Top<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T>(PhantomData<T>);
        impl<'de, T: DeserializeOwned> Visitor<'de> for V<T> {
            type Value = Top<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an array of events, a page of events or one event")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Top<T>, A::Error> {
                let mut out = Vec::new();
                while let Some(item) = seq.next_element::<T>()? {
                    out.push(item);
                }
                Ok(Top::Many(out))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Top<T>, A::Error> {
                let mut rest = serde_json::Map::new();
                let mut wrapped = None;
                while let Some(key) = map.next_key::<String>()? {
                    if WRAPPERS.contains(&key.as_str()) && wrapped.is_none() {
                        wrapped = Some(map.next_value::<Vec<T>>()?);
                    } else {
                        rest.insert(key, map.next_value::<serde_json::Value>()?);
                    }
                }
                match wrapped {
                    Some(v) => Ok(Top::Many(v)),
                    None => T::deserialize(serde_json::Value::Object(rest))
                        .map(Top::One)
                        .map_err(de::Error::custom),
                }
            }
        }
        d.deserialize_any(V(PhantomData))
    }
}

/// Reads every record of type `T` in order, numbered from 1, and hands it to `take`.
fn each<T: DeserializeOwned>(
    input: impl Read,
    format: SignInFormat,
    mut take: impl FnMut(T, u64) -> Result<(), String>,
) -> Result<(), MonitorError> {
    let stream = serde_json::Deserializer::from_reader(input).into_iter::<Top<T>>();
    let mut n = 0u64;
    for top in stream {
        let top = top.map_err(|e| json_problem(format, &e))?;
        let records = match top {
            Top::Many(v) => v,
            Top::One(r) => vec![r],
        };
        for r in records {
            n += 1;
            take(r, n).map_err(|m| MonitorError::log_record(format, n, &m))?;
        }
    }
    if n == 0 {
        return Err(MonitorError::log_record(
            format,
            0,
            "the file holds no events",
        ));
    }
    Ok(())
}

fn json_problem(format: SignInFormat, e: &serde_json::Error) -> MonitorError {
    use serde_json::error::Category;
    let what = match e.classify() {
        Category::Eof => "the JSON ends too early; the export may be cut short".to_owned(),
        Category::Syntax => "this is not valid JSON here".to_owned(),
        Category::Data => format!("an event does not have the shape of this format ({e})"),
        Category::Io => format!("the file could not be read ({e})"),
    };
    MonitorError::log_row(format, e.line() as u64, &what)
}

fn s(v: &Option<String>) -> &str {
    v.as_deref().unwrap_or("")
}

// --- Okta ---------------------------------------------------------------------------------

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct OktaEvent {
    published: String,
    event_type: String,
    actor: Option<OktaActor>,
    client: Option<OktaClient>,
    outcome: Option<OktaOutcome>,
    device: Option<OktaDevice>,
    debug_context: Option<OktaDebug>,
}
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct OktaActor {
    alternate_id: Option<String>,
}
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct OktaClient {
    ip_address: Option<String>,
    user_agent: Option<OktaUserAgent>,
    geographical_context: Option<OktaGeo>,
}
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct OktaUserAgent {
    raw_user_agent: Option<String>,
}
#[derive(Deserialize)]
struct OktaGeo {
    geolocation: Option<OktaPoint>,
}
#[derive(Deserialize)]
struct OktaPoint {
    lat: Option<f64>,
    lon: Option<f64>,
}
#[derive(Deserialize)]
struct OktaOutcome {
    result: Option<String>,
}
#[derive(Deserialize)]
struct OktaDevice {
    id: Option<String>,
}
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct OktaDebug {
    debug_data: Option<HashMap<String, serde_json::Value>>,
}

/// Okta's event types for signing in (the event-type catalog): to Okta itself, to an app
/// through Okta, and the factor and verification steps.
fn okta_sign_in(event_type: &str) -> bool {
    event_type == "user.session.start"
        || (event_type.starts_with("user.authentication.")
            && !matches!(event_type, "user.authentication.slo"))
}

pub(super) fn okta(input: impl Read) -> Result<SignInLog, MonitorError> {
    let mut log = SignInLog::default();
    let mut strings = Interner::default();
    each::<OktaEvent>(input, SignInFormat::OktaJson, |e, n| {
        let client = e.client.as_ref();
        let ip = client.and_then(|c| c.ip_address.as_deref()).unwrap_or("");
        if !okta_sign_in(&e.event_type) || ip.is_empty() {
            log.skipped += 1;
            return Ok(());
        }
        let point = client
            .and_then(|c| c.geographical_context.as_ref())
            .and_then(|g| g.geolocation.as_ref());
        let fingerprint = e
            .debug_context
            .as_ref()
            .and_then(|d| d.debug_data.as_ref())
            .and_then(|d| d.get("deviceFingerprint"))
            .and_then(|v| v.as_str());
        let device = e
            .device
            .as_ref()
            .and_then(|d| d.id.as_deref())
            .or(fingerprint);
        log.rows.push(SignIn {
            line: n,
            at: parse_time(&e.published)?,
            account: strings.get(
                &e.actor
                    .as_ref()
                    .map_or("", |a| s(&a.alternate_id))
                    .to_lowercase(),
            ),
            ip: parse_ip(ip)?,
            device_id: strings.get(device.unwrap_or("")),
            user_agent: strings.get(
                client
                    .and_then(|c| c.user_agent.as_ref())
                    .map_or("", |u| s(&u.raw_user_agent)),
            ),
            mfa_device: strings.get(""),
            success: e
                .outcome
                .as_ref()
                .and_then(|o| o.result.as_deref())
                .map(|r| matches!(r, "SUCCESS" | "ALLOW")),
            location: point.and_then(|p| Some((p.lat?, p.lon?))),
        });
        Ok(())
    })?;
    Ok(log)
}

// --- Entra ID ------------------------------------------------------------------------------

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct EntraSignIn {
    created_date_time: String,
    user_principal_name: Option<String>,
    ip_address: Option<String>,
    user_agent: Option<String>,
    device_detail: Option<EntraDevice>,
    location: Option<EntraLocation>,
    status: Option<EntraStatus>,
}
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct EntraDevice {
    device_id: Option<String>,
}
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct EntraLocation {
    geo_coordinates: Option<EntraPoint>,
}
#[derive(Deserialize)]
struct EntraPoint {
    latitude: Option<f64>,
    longitude: Option<f64>,
}
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct EntraStatus {
    error_code: Option<i64>,
}

pub(super) fn entra(input: impl Read) -> Result<SignInLog, MonitorError> {
    let mut log = SignInLog::default();
    let mut strings = Interner::default();
    each::<EntraSignIn>(input, SignInFormat::EntraJson, |e, n| {
        let ip = s(&e.ip_address);
        if ip.is_empty() {
            log.skipped += 1;
            return Ok(());
        }
        let point = e.location.as_ref().and_then(|l| l.geo_coordinates.as_ref());
        log.rows.push(SignIn {
            line: n,
            at: parse_time(&e.created_date_time)?,
            account: strings.get(&s(&e.user_principal_name).to_lowercase()),
            ip: parse_ip(ip)?,
            device_id: strings.get(e.device_detail.as_ref().map_or("", |d| s(&d.device_id))),
            user_agent: strings.get(s(&e.user_agent)),
            mfa_device: strings.get(""),
            // Graph: errorCode 0 is a successful sign-in.
            success: e
                .status
                .as_ref()
                .and_then(|st| st.error_code)
                .map(|c| c == 0),
            location: point.and_then(|p| Some((p.latitude?, p.longitude?))),
        });
        Ok(())
    })?;
    Ok(log)
}

// --- Google Workspace ---------------------------------------------------------------------

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct GoogleActivity {
    id: GoogleId,
    actor: Option<GoogleActor>,
    ip_address: Option<String>,
    #[serde(default)]
    events: Vec<GoogleEvent>,
}
#[derive(Deserialize)]
struct GoogleId {
    time: String,
}
#[derive(Deserialize)]
struct GoogleActor {
    email: Option<String>,
}
#[derive(Deserialize)]
struct GoogleEvent {
    name: Option<String>,
}

pub(super) fn google(input: impl Read) -> Result<SignInLog, MonitorError> {
    let mut log = SignInLog::default();
    let mut strings = Interner::default();
    each::<GoogleActivity>(input, SignInFormat::GoogleJson, |a, n| {
        // login_success and login_failure are the sign-ins of the login application;
        // challenges, verifications and logouts are steps around them.
        let outcome = a.events.iter().find_map(|e| match e.name.as_deref() {
            Some("login_success") => Some(true),
            Some("login_failure") => Some(false),
            _ => None,
        });
        let ip = s(&a.ip_address);
        let Some(success) = outcome.filter(|_| !ip.is_empty()) else {
            log.skipped += 1;
            return Ok(());
        };
        log.rows.push(SignIn {
            line: n,
            at: parse_time(&a.id.time)?,
            account: strings.get(&a.actor.as_ref().map_or("", |x| s(&x.email)).to_lowercase()),
            ip: parse_ip(ip)?,
            device_id: strings.get(""),
            user_agent: strings.get(""),
            mfa_device: strings.get(""),
            success: Some(success),
            location: None,
        });
        Ok(())
    })?;
    Ok(log)
}
