//! Validators nobody here wrote, run on the PDFs the tests export: Poppler's `pdfsig`
//! with a throwaway NSS database, pyHanko from the virtual environment `./x` makes, and
//! whatever else prints a verdict.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

pub fn run(cmd: &mut Command) -> String {
    let out = cmd.output().expect("the validator runs");
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// pyHanko from the virtual environment `./x` makes (or `BONAFIDE_PYHANKO`).
pub fn pyhanko() -> PathBuf {
    let path = std::env::var_os("BONAFIDE_PYHANKO")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(std::env::var("HOME").unwrap())
                .join(".cache/bonafide/pyhanko/bin/pyhanko")
        });
    assert!(
        path.is_file(),
        "pyHanko is not installed at {}; `./x test` installs it",
        path.display()
    );
    path
}

/// Poppler's verdict with `ca` as the only trusted certificate.
pub fn pdfsig(pdf: &Path, ca: &Path) -> String {
    let nss = tempfile::tempdir().unwrap();
    let db = format!("sql:{}", nss.path().display());
    assert!(
        Command::new("certutil")
            .args(["-N", "-d", &db, "--empty-password"])
            .status()
            .unwrap()
            .success()
    );
    assert!(
        Command::new("certutil")
            .args(["-A", "-d", &db, "-n", "records", "-t", "CT,C,C", "-i"])
            .arg(ca)
            .status()
            .unwrap()
            .success()
    );
    run(Command::new("pdfsig").args(["-nssdir", &db]).arg(pdf))
}

pub fn pyhanko_validate(pdf: &Path, trust: &[&Path]) -> String {
    let mut cmd = Command::new(pyhanko());
    cmd.args(["sign", "validate", "--pretty-print"]);
    for t in trust {
        cmd.arg("--trust").arg(t);
    }
    run(cmd.arg(pdf))
}
