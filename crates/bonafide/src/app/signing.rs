//! The organisation's signing identity in this data folder, and the time-stamping
//! authority records are sent to.
//!
//! The identity (records CA, signing certificate and both private keys) lives in the
//! settings table of the encrypted database, so it is encrypted at rest with everything
//! else and goes into every backup. A CA replaced by `signing init --replace` is kept as
//! a previous CA, so records signed before still verify against this folder. Every change
//! is an audit event on the global stream.

use std::time::SystemTime;

use serde::{Deserialize, Serialize};
use serde_json::json;

use super::App;
use crate::error::{Error, Result};
use crate::signing::{Certificate, Identity, StoredIdentity, TimeStamper, certificate_summary};
use crate::store::{delete_setting, put_setting};
use bonafide_net::Net;

const CA_CERT: &str = "signing.ca_cert";
const CA_KEY: &str = "signing.ca_key";
const SIGNER_CERT: &str = "signing.signer_cert";
const SIGNER_KEY: &str = "signing.signer_key";
/// Certificates between the signer and the CA of an imported identity, hex DER separated by
/// commas.
const CHAIN: &str = "signing.chain";
/// CA certificates replaced earlier, hex DER separated by commas.
const PREVIOUS_CAS: &str = "signing.previous_cas";
pub(super) const TSA_URL: &str = "signing.tsa_url";
/// Largest time-stamp response read.
const MAX_TSA_RESPONSE: usize = 64 * 1024;

/// The signing set-up of the data folder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SigningStatus {
    /// Whether exported records are signed.
    pub configured: bool,
    /// The organisation in the certificates.
    pub organisation: Option<String>,
    /// SHA-256 of the records CA certificate, the fingerprint an auditor compares.
    pub ca_sha256: Option<String>,
    /// The CA's name.
    pub ca_subject: Option<String>,
    /// Whether the identity was imported from a PKCS#12 file (its CA is someone else's)
    /// rather than made here.
    pub imported: bool,
    /// When the signing certificate expires (RFC 3339).
    pub signer_valid_until: Option<String>,
    /// The time-stamping authority, when one is named.
    pub tsa_url: Option<String>,
    /// CA certificates replaced earlier and still trusted for old records.
    pub previous_cas: u32,
}

/// The setting `key`: a comma-separated list of hex DER certificates (none when unset).
fn hex_list(app: &App, key: &str) -> Result<Vec<Vec<u8>>> {
    let text = app.store().setting(key)?.unwrap_or_default();
    text.split(',')
        .filter(|s| !s.is_empty())
        .map(|h| {
            hex::decode(h).map_err(|_| {
                Error::Signing(crate::signing::SigningError::Damaged(format!(
                    "{key} is not hex"
                )))
            })
        })
        .collect()
}

fn hex_setting(app: &App, key: &str) -> Result<Option<Vec<u8>>> {
    let Some(text) = app.store().setting(key)? else {
        return Ok(None);
    };
    hex::decode(text).map(Some).map_err(|_| {
        Error::Signing(crate::signing::SigningError::Damaged(format!(
            "{key} is not hex"
        )))
    })
}

impl App {
    /// The stored identity, when one is set up.
    pub(crate) fn signing_identity(&self) -> Result<Option<Identity>> {
        let parts = (
            hex_setting(self, CA_CERT)?,
            hex_setting(self, CA_KEY)?,
            hex_setting(self, SIGNER_CERT)?,
            hex_setting(self, SIGNER_KEY)?,
        );
        // An imported identity has no CA key: its CA belongs to whoever issued it.
        let (Some(ca_cert), ca_key, Some(signer_cert), Some(signer_key)) = parts else {
            return Ok(None);
        };
        let stored = StoredIdentity {
            ca_cert,
            ca_key: ca_key.map(Into::into),
            chain: hex_list(self, CHAIN)?,
            signer_cert,
            signer_key: signer_key.into(),
        };
        Ok(Some(Identity::from_stored(&stored)?))
    }

    /// The records CAs this folder trusts: the current one and every one it replaced.
    pub(crate) fn own_cas(&self) -> Result<Vec<Certificate>> {
        let mut out = Vec::new();
        if let Some(id) = self.signing_identity()? {
            out.push(id.ca);
        }
        for der in hex_list(self, PREVIOUS_CAS)? {
            out.extend(crate::signing::certificate_from_pem(&der).unwrap_or_default());
        }
        Ok(out)
    }

    /// What is set up.
    pub fn signing_status(&self) -> Result<SigningStatus> {
        let id = self.signing_identity()?;
        let previous = self.store().setting(PREVIOUS_CAS)?.unwrap_or_default();
        Ok(SigningStatus {
            configured: id.is_some(),
            organisation: id.as_ref().map(Identity::organisation),
            ca_sha256: id.as_ref().map(|i| certificate_summary(&i.ca).sha256),
            ca_subject: id.as_ref().map(|i| certificate_summary(&i.ca).subject),
            imported: id.as_ref().is_some_and(|i| !i.own_ca()),
            signer_valid_until: id.as_ref().map(|i| {
                let t = i
                    .signer
                    .tbs_certificate()
                    .validity()
                    .not_after
                    .to_system_time();
                crate::clock::format_timestamp(t.into())
            }),
            tsa_url: self.store().setting(TSA_URL)?,
            previous_cas: previous.split(',').filter(|s| !s.is_empty()).count() as u32,
        })
    }

    /// Creates the organisation's records CA and signing certificate. Refused when one
    /// exists, unless `replace`: the old CA is then kept so earlier records still verify.
    pub fn signing_init(&self, organisation: &str, replace: bool) -> Result<SigningStatus> {
        let id = Identity::create(organisation, SystemTime::now())?;
        self.install_identity(id, replace, "made here")
    }

    /// Makes a document-signing certificate from a PKCS#12 file (with its private key
    /// and its CA's certificates) the identity that signs records: records then verify
    /// against that CA. Refused when an identity exists, unless `replace`, as for
    /// [`App::signing_init`].
    pub fn signing_import(
        &self,
        pkcs12: &[u8],
        password: &str,
        replace: bool,
    ) -> Result<SigningStatus> {
        let id = Identity::from_pkcs12(pkcs12, password, SystemTime::now())?;
        self.install_identity(id, replace, "imported")
    }

    /// [`App::signing_import`] from a file, refused unread when it is larger than any
    /// PKCS#12 file of a key and its chain.
    pub fn signing_import_file(
        &self,
        path: &std::path::Path,
        password: &str,
        replace: bool,
    ) -> Result<SigningStatus> {
        self.signing_import(&read_pkcs12_file(path)?, password, replace)
    }

    /// Stores `id` as the signing identity, keeping a replaced CA trusted for the records
    /// it signed, and records the change.
    fn install_identity(&self, id: Identity, replace: bool, how: &str) -> Result<SigningStatus> {
        let actor = self.actor()?;
        let old = self.signing_identity()?;
        if old.is_some() && !replace {
            return Err(Error::invalid(
                "organisation",
                "a signing identity is already set up; records signed with it verify against \
                 its CA. To start a new one anyway, pass --replace (the old CA stays trusted \
                 here for the records it signed)",
            ));
        }
        let stored = id.to_stored()?;
        let mut previous = self.store().setting(PREVIOUS_CAS)?.unwrap_or_default();
        if let Some(old) = &old {
            let der = old.to_stored()?.ca_cert;
            if der != stored.ca_cert {
                if !previous.is_empty() {
                    previous.push(',');
                }
                previous.push_str(&hex::encode(der));
            }
        }
        let summary = certificate_summary(&id.ca);
        let chain: Vec<String> = stored.chain.iter().map(hex::encode).collect();
        let now = crate::clock::now();
        self.store().write(|tx| {
            put_setting(tx, CA_CERT, &hex::encode(&stored.ca_cert))?;
            match &stored.ca_key {
                Some(k) => put_setting(tx, CA_KEY, &hex::encode(&**k))?,
                None => delete_setting(tx, CA_KEY)?,
            }
            put_setting(tx, CHAIN, &chain.join(","))?;
            put_setting(tx, SIGNER_CERT, &hex::encode(&stored.signer_cert))?;
            put_setting(tx, SIGNER_KEY, &hex::encode(&*stored.signer_key))?;
            put_setting(tx, PREVIOUS_CAS, &previous)?;
            crate::store::append_setting_changed(
                tx,
                &now,
                &actor,
                json!({
                    "setting": "signing identity",
                    "organisation": id.organisation(),
                    "ca_sha256": summary.sha256,
                    "ca": summary.subject,
                    "how": how,
                    "replaced": old.is_some(),
                }),
            )?;
            Ok(())
        })?;
        self.signing_status()
    }

    /// The records CA certificate as PEM: the file to give an auditor.
    pub fn signing_ca_pem(&self) -> Result<String> {
        let id = self.signing_identity()?.ok_or(Error::SigningNotSetUp)?;
        Ok(id.ca_pem()?)
    }

    /// Writes the records CA certificate (PEM) to `path`, crash-safely.
    pub fn signing_export_ca(&self, path: &std::path::Path) -> Result<()> {
        super::export::write_atomically(path, self.signing_ca_pem()?.as_bytes())
    }

    /// Names the time-stamping authority exported records are stamped by, or none.
    pub fn set_tsa_url(&self, url: Option<&str>) -> Result<SigningStatus> {
        let actor = self.actor()?;
        let url = url.map(str::trim).filter(|u| !u.is_empty());
        if let Some(u) = url {
            match url::Url::parse(u) {
                Ok(p) if matches!(p.scheme(), "http" | "https") && p.host().is_some() => {}
                _ => {
                    return Err(Error::invalid(
                        "tsa_url",
                        format!(
                            "'{u}' is not an http or https address; give the time-stamping \
                             authority's URL, such as https://freetsa.org/tsr"
                        ),
                    ));
                }
            }
        }
        let now = crate::clock::now();
        self.store().write(|tx| {
            match url {
                Some(u) => put_setting(tx, TSA_URL, u)?,
                None => delete_setting(tx, TSA_URL)?,
            }
            // Another authority is tried at once, whatever the last one did.
            delete_setting(tx, super::anchors::ANCHOR_ATTEMPT_SETTING)?;
            crate::store::append_setting_changed(
                tx,
                &now,
                &actor,
                json!({ "setting": "time-stamping authority", "value": url }),
            )?;
            Ok(())
        })?;
        self.signing_status()
    }

    /// The configured time-stamping authority, reachable through the guarded client.
    pub(crate) fn time_stamper(&self) -> Result<Option<HttpTimeStamper>> {
        let Some(url) = self.store().setting(TSA_URL)? else {
            return Ok(None);
        };
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|source| Error::File {
                path: "<network runtime>".into(),
                source,
            })?;
        let net = {
            let _entered = runtime.enter();
            Net::new(self.chosen_address_config(std::iter::once(url.as_str()))?)?
        };
        Ok(Some(HttpTimeStamper { runtime, net, url }))
    }
}

/// An RFC 3161 authority over HTTP, behind the private-address guard.
pub(crate) struct HttpTimeStamper {
    runtime: tokio::runtime::Runtime,
    net: Net,
    url: String,
}

impl TimeStamper for HttpTimeStamper {
    fn stamp(&self, request: &[u8]) -> std::result::Result<Vec<u8>, String> {
        self.runtime
            .block_on(self.net.post(
                &self.url,
                "application/timestamp-query",
                request.to_vec(),
                "application/timestamp-reply",
                MAX_TSA_RESPONSE,
            ))
            .map_err(|e| e.to_string())
    }

    fn name(&self) -> String {
        self.url.clone()
    }
}

/// Reads a PKCS#12 file for [`App::signing_import`]: a file (not a folder), and no more
/// than [`crate::signing::MAX_PKCS12_BYTES`] of it, so an oversized one is refused by the
/// import without being read whole. The CLI reads it before asking for its password.
pub fn read_pkcs12_file(path: &std::path::Path) -> Result<Vec<u8>> {
    let file_err = |source| Error::File {
        path: path.to_path_buf(),
        source,
    };
    let meta = std::fs::metadata(path).map_err(file_err)?;
    if !meta.is_file() {
        return Err(Error::invalid(
            "file",
            format!("{} is a folder, not a certificate file", path.display()),
        ));
    }
    let file = std::fs::File::open(path).map_err(file_err)?;
    let mut bytes = Vec::new();
    std::io::Read::read_to_end(
        &mut std::io::Read::take(file, crate::signing::MAX_PKCS12_BYTES + 1),
        &mut bytes,
    )
    .map_err(file_err)?;
    Ok(bytes)
}
