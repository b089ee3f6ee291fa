//! The OpenSanctions fixtures and the reader's schema list, checked with the
//! `followthemoney` library itself (the published FtM schema), not with our own reading
//! of it. `./x test` installs the library in a virtual environment.

use std::path::PathBuf;
use std::process::Command;

use bonafide::screening::lists::ftm::FTM_SCHEMATA;

fn python() -> PathBuf {
    let path = std::env::var_os("BONAFIDE_FTM_PYTHON")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(std::env::var("HOME").unwrap()).join(".cache/bonafide/ftm/bin/python")
        });
    assert!(
        path.is_file(),
        "followthemoney is not installed at {}; `./x test` installs it",
        path.display()
    );
    path
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn check(files: &[PathBuf]) -> (bool, String) {
    let out = Command::new(python())
        .arg(root().join("tests/support/ftm_check.py"))
        .args(files)
        .output()
        .unwrap();
    (
        out.status.success(),
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    )
}

#[test]
fn the_fixtures_follow_the_published_schema() {
    let dir = root().join("tests/fixtures/lists/opensanctions");
    let (ok, out) = check(&[
        dir.join("entities.ftm.json"),
        dir.join("targets.nested.json"),
    ]);
    assert!(ok, "{out}");
}

#[test]
fn the_checker_refuses_what_the_schema_does_not_allow() {
    let bad = tempfile::tempdir().unwrap();
    let file = bad.path().join("bad.json");
    std::fs::write(
        &file,
        concat!(
            r#"{"id": "a", "schema": "Person", "properties": {"name": ["A"], "nickname": ["B"]}}"#,
            "\n",
            r#"{"id": "b", "schema": "Person", "properties": {"birthDate": ["1978-13-45"]}}"#,
            "\n",
            r#"{"id": "c", "schema": "Spaceship", "properties": {}}"#,
            "\n",
        ),
    )
    .unwrap();
    let (ok, out) = check(&[file]);
    assert!(!ok);
    assert!(out.contains("nickname"), "{out}");
    assert!(out.contains("birthDate"), "{out}");
    assert!(out.contains("Spaceship"), "{out}");
}

#[test]
fn the_reader_knows_every_schema_of_the_library() {
    let out = Command::new(python())
        .args([
            "-c",
            "from followthemoney import model; print('\\n'.join(sorted(model.schemata)))",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let theirs: Vec<String> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(str::to_string)
        .collect();
    let mut ours: Vec<&str> = FTM_SCHEMATA.to_vec();
    ours.sort();
    assert_eq!(ours, theirs);
}
