//! A document-signing certificate bought from a CA, imported from a PKCS#12 file: records
//! signed with it verify against that CA, in the app, in `pdfsig` and in pyHanko; files
//! that cannot sign records are refused with a reason. The certificates and files are
//! made by `openssl`, as a CA's own tooling would make them.

mod support;

use std::path::{Path, PathBuf};

use bonafide::app::{App, RecordStatus};
use bonafide::model::CaseFields;
use support::tsa::openssl;
use support::validators::{pdfsig, pyhanko_validate};

/// Writes an extensions file and returns its name.
fn extensions(dir: &Path, name: &str, text: &str) -> String {
    std::fs::write(dir.join(name), text).unwrap();
    name.to_string()
}

/// A certificate request for `key` with `subject`, written to `out`.
fn request(dir: &Path, key: &str, subject: &str, out: &str) {
    openssl(
        dir,
        &["req", "-new", "-key", key, "-subj", subject, "-out", out],
    );
}

/// A three-level chain: an RSA root, a P-256 intermediate and an RSA-2048 document signer
/// with key usage `leaf_usage`. Returns the root's PEM file.
fn chain(dir: &Path, leaf_usage: &str) -> PathBuf {
    let ca_ext = extensions(
        dir,
        "ca.ext",
        "basicConstraints=critical,CA:true\nkeyUsage=critical,keyCertSign,cRLSign\n\
         subjectKeyIdentifier=hash\n",
    );
    let leaf_ext = extensions(
        dir,
        "leaf.ext",
        &format!(
            "basicConstraints=CA:false\nkeyUsage=critical,{leaf_usage}\n\
             extendedKeyUsage=emailProtection,1.3.6.1.5.5.7.3.36\n\
             subjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n"
        ),
    );
    openssl(
        dir,
        &[
            "genpkey",
            "-algorithm",
            "RSA",
            "-pkeyopt",
            "rsa_keygen_bits:3072",
            "-out",
            "root.key",
        ],
    );
    request(
        dir,
        "root.key",
        "/O=Trust Services Ltd/CN=Trust Services Root",
        "root.csr",
    );
    openssl(
        dir,
        &[
            "x509", "-req", "-in", "root.csr", "-signkey", "root.key", "-days", "3650", "-extfile",
            &ca_ext, "-out", "root.pem",
        ],
    );
    openssl(
        dir,
        &[
            "genpkey",
            "-algorithm",
            "EC",
            "-pkeyopt",
            "ec_paramgen_curve:P-256",
            "-out",
            "inter.key",
        ],
    );
    request(
        dir,
        "inter.key",
        "/O=Trust Services Ltd/CN=Trust Services Document CA",
        "inter.csr",
    );
    openssl(
        dir,
        &[
            "x509",
            "-req",
            "-in",
            "inter.csr",
            "-CA",
            "root.pem",
            "-CAkey",
            "root.key",
            "-CAcreateserial",
            "-days",
            "1825",
            "-extfile",
            &ca_ext,
            "-out",
            "inter.pem",
        ],
    );
    openssl(
        dir,
        &[
            "genpkey",
            "-algorithm",
            "RSA",
            "-pkeyopt",
            "rsa_keygen_bits:2048",
            "-out",
            "leaf.key",
        ],
    );
    request(
        dir,
        "leaf.key",
        "/O=Acme Ltd/CN=Acme Ltd compliance",
        "leaf.csr",
    );
    openssl(
        dir,
        &[
            "x509",
            "-req",
            "-in",
            "leaf.csr",
            "-CA",
            "inter.pem",
            "-CAkey",
            "inter.key",
            "-CAcreateserial",
            "-days",
            "365",
            "-extfile",
            &leaf_ext,
            "-out",
            "leaf.pem",
        ],
    );
    let both = [
        std::fs::read_to_string(dir.join("inter.pem")).unwrap(),
        std::fs::read_to_string(dir.join("root.pem")).unwrap(),
    ]
    .concat();
    std::fs::write(dir.join("cas.pem"), both).unwrap();
    dir.join("root.pem")
}

/// `openssl pkcs12 -export` of the leaf, its key and `certfile`, with `extra` options.
fn p12(dir: &Path, out: &str, certfile: Option<&str>, extra: &[&str]) -> PathBuf {
    let mut args = vec![
        "pkcs12",
        "-export",
        "-inkey",
        "leaf.key",
        "-in",
        "leaf.pem",
        "-passout",
        "pass:correct horse",
        "-out",
        out,
    ];
    if let Some(c) = certfile {
        args.extend(["-certfile", c]);
    }
    args.extend(extra);
    openssl(dir, &args);
    dir.join(out)
}

fn folder(root: &Path) -> App {
    support::keys::open(&root.join("data"), Some("Jane Reviewer"))
}

#[test]
fn an_imported_certificate_signs_records_that_verify_against_its_ca() {
    let root = tempfile::tempdir().unwrap();
    let certs = root.path().join("certs");
    std::fs::create_dir(&certs).unwrap();
    let root_ca = chain(&certs, "digitalSignature,nonRepudiation");
    let app = folder(root.path());
    // OpenSSL's default (AES-256, PBKDF2) and the older 3DES form many exports still use.
    let legacy = p12(
        &certs,
        "legacy.p12",
        Some("cas.pem"),
        &[
            "-keypbe",
            "PBE-SHA1-3DES",
            "-certpbe",
            "PBE-SHA1-3DES",
            "-macalg",
            "sha1",
        ],
    );
    let status = app
        .signing_import_file(&legacy, "correct horse", false)
        .unwrap();
    assert!(status.imported);
    let modern = p12(&certs, "id.p12", Some("cas.pem"), &[]);
    assert!(
        app.signing_import_file(&modern, "correct horse", false)
            .is_err(),
        "an identity exists"
    );
    let status = app
        .signing_import_file(&modern, "correct horse", true)
        .unwrap();
    assert_eq!(status.organisation.as_deref(), Some("Acme Ltd"));
    assert!(status.ca_subject.unwrap().contains("Trust Services Root"));

    let id = app
        .create_case(&CaseFields {
            display_name: "Alex Kim".into(),
            ..CaseFields::default()
        })
        .unwrap();
    let pdf = root.path().join("record.pdf");
    let done = app.export_pdf(&id, &pdf).unwrap();
    assert_eq!(done.signed_by.as_deref(), Some("Acme Ltd"));
    let check = app.verify_pdf(&std::fs::read(&pdf).unwrap(), &[]).unwrap();
    assert_eq!(check.status, RecordStatus::Verified, "{}", check.message);

    let poppler = pdfsig(&pdf, &root_ca);
    for line in [
        "Signature is Valid.",
        "Certificate is Trusted.",
        "Total document signed",
    ] {
        assert!(poppler.contains(line), "pdfsig lacks {line:?}:\n{poppler}");
    }
    let hanko = pyhanko_validate(&pdf, &[&root_ca]);
    assert!(hanko.contains("The signature is judged VALID."), "{hanko}");
    // The folder's own earlier identity does not vouch for it: only the CA given does.
    let other = tempfile::tempdir().unwrap();
    let stranger = folder(other.path());
    stranger.signing_init("Acme Ltd", false).unwrap();
    let check = stranger
        .verify_pdf(&std::fs::read(&pdf).unwrap(), &[])
        .unwrap();
    assert_ne!(check.status, RecordStatus::Verified, "{}", check.message);
}

#[test]
fn files_that_cannot_sign_records_are_refused_with_a_reason() {
    let root = tempfile::tempdir().unwrap();
    let certs = root.path().join("certs");
    std::fs::create_dir(&certs).unwrap();
    chain(&certs, "keyEncipherment");
    let app = folder(root.path());
    let refused = |path: &Path, password: &str| -> String {
        let e = app.signing_import_file(path, password, false).unwrap_err();
        assert!(!app.signing_status().unwrap().configured);
        e.to_string()
    };
    let good = p12(&certs, "enc.p12", Some("cas.pem"), &[]);
    assert!(refused(&good, "wrong").contains("password is wrong"));
    assert!(refused(&good, "correct horse").contains("not meant for signing documents"));
    let alone = p12(&certs, "alone.p12", None, &[]);
    assert!(refused(&alone, "correct horse").contains("not the certificate of the CA"));
    let junk = root.path().join("junk.p12");
    std::fs::write(&junk, b"<html>not a keystore</html>").unwrap();
    assert!(refused(&junk, "x").contains("not a readable PKCS#12 file"));
    let huge = root.path().join("huge.p12");
    std::fs::File::create(&huge)
        .unwrap()
        .set_len(64 << 20)
        .unwrap();
    assert!(refused(&huge, "x").contains("larger than 1 MiB"));
}
