//! The `bonafide` command run as a child process against a temporary data folder. Not part
//! of `support/mod.rs`: only test targets of the root package have the CLI binary.
#![allow(dead_code)]

use std::path::Path;
use std::process::{Command, Output};

/// The passphrase every test folder is set up with.
pub const PASSPHRASE: &str = "cli test passphrase";

/// The command, never touching the user's keychain, with the test passphrase.
pub fn bonafide() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_bonafide"));
    c.env("BONAFIDE_KEYCHAIN", "off")
        .env("BONAFIDE_PASSPHRASE", PASSPHRASE)
        .env_remove("BONAFIDE_RECOVERY_CODE")
        .env_remove("BONAFIDE_NEW_PASSPHRASE");
    c
}

pub struct Cli {
    /// Holds the data folder, so what a restore moves aside is cleaned up with it.
    _root: tempfile::TempDir,
    pub data: std::path::PathBuf,
}

impl Cli {
    pub fn new() -> Cli {
        let root = tempfile::tempdir().unwrap();
        Cli {
            data: root.path().join("data"),
            _root: root,
        }
    }

    pub fn dir(&self) -> &Path {
        &self.data
    }

    pub fn run(&self, args: &[&str]) -> Output {
        bonafide()
            .args(args)
            .env("BONAFIDE_DATA_DIR", self.dir())
            .env("BONAFIDE_USER", "Cli Tester")
            .output()
            .expect("run bonafide")
    }

    pub fn run_with(&self, args: &[&str], env: &[(&str, &str)]) -> Output {
        let mut c = bonafide();
        c.args(args)
            .env("BONAFIDE_DATA_DIR", self.dir())
            .env("BONAFIDE_USER", "Cli Tester");
        for (k, v) in env {
            c.env(k, v);
        }
        c.output().expect("run bonafide")
    }

    pub fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(
            out.status.success(),
            "{args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    /// Runs a command that must fail; returns its exit code and message.
    pub fn fails(&self, args: &[&str]) -> (i32, String) {
        let out = self.run(args);
        assert!(!out.status.success(), "{args:?} should have failed");
        assert!(out.stdout.is_empty(), "a failure prints nothing on stdout");
        (
            out.status.code().unwrap(),
            String::from_utf8(out.stderr).unwrap(),
        )
    }

    pub fn json(&self, args: &[&str]) -> serde_json::Value {
        serde_json::from_str(&self.ok(args)).expect("one JSON document")
    }

    /// Opens a case; returns its id.
    pub fn new_case(&self, kind: &str, name: &str) -> String {
        self.ok(&["case", "new", "--kind", kind, "--name", name])
            .trim()
            .to_string()
    }

    pub fn event_count(&self) -> usize {
        let v = self.json(&["audit", "verify", "--json"]);
        v["events"].as_u64().unwrap() as usize
    }
}
