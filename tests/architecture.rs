//! The architecture, checked. Cargo already refuses a cycle between crates; these tests
//! hold the rest of ARCHITECTURE.md's invariants, so a change that breaks one fails the
//! build instead of waiting for a reviewer to notice:
//!
//! - every dependency between the workspace's crates points down the layers;
//! - each outside library with a boundary of its own (SQLite, HTTP and DNS, Tauri, the
//!   command-line parser, terminal prompts, TypeScript bindings) is used by the one crate
//!   that owns that boundary;
//! - no source file is over 600 lines and no function over 80, outside tests and
//!   generated code.
//!
//! Only normal and build dependencies count: tests may reach below the façade on purpose,
//! to tamper with a database as an attacker would.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use syn::spanned::Spanned;
use syn::visit::Visit;

/// The layers, lowest first. A crate may depend only on crates of a lower layer.
const LAYERS: &[&[&str]] = &[
    &["bonafide-base"],
    &[
        "bonafide-model",
        "bonafide-vault",
        "bonafide-net",
        "bonafide-signing",
    ],
    &["bonafide-checklist", "bonafide-audit", "bonafide-evidence"],
    &[
        "bonafide-screening",
        "bonafide-checks",
        "bonafide-record",
        "bonafide-backup",
        "bonafide-monitor",
    ],
    &["bonafide-store"],
    &["bonafide"],
    &["bonafide-cli", "bonafide-app"],
];

/// Outside crates that only one workspace crate may use, with the reason.
const OWNED: &[(&str, &str, &str)] = &[
    ("rusqlite", "bonafide-store", "only the store issues SQL"),
    (
        "rusqlite_migration",
        "bonafide-store",
        "only the store migrates",
    ),
    (
        "reqwest",
        "bonafide-net",
        "every request passes the address guard",
    ),
    (
        "hickory-resolver",
        "bonafide-net",
        "every lookup passes the address guard",
    ),
    ("tauri", "bonafide-app", "the core runs without a window"),
    (
        "tauri-build",
        "bonafide-app",
        "the core runs without a window",
    ),
    (
        "tauri-plugin-dialog",
        "bonafide-app",
        "the core runs without a window",
    ),
    (
        "clap",
        "bonafide-cli",
        "argument parsing belongs to the CLI",
    ),
    (
        "rpassword",
        "bonafide-cli",
        "terminal prompts belong to the CLI",
    ),
];

/// Outside crates that nobody in the workspace names directly today, reached only through
/// their owner's dependency (hickory-resolver re-exports hickory-proto); if one is ever
/// named, only its owner may.
const OWNED_IF_USED: &[(&str, &str, &str)] = &[
    (
        "hickory-proto",
        "bonafide-net",
        "every lookup passes the address guard",
    ),
    (
        "hyper",
        "bonafide-net",
        "every request passes the address guard",
    ),
    (
        "rustls",
        "bonafide-net",
        "every connection passes the address guard",
    ),
];

/// Crates that must not use an outside crate at all.
const FORBIDDEN: &[(&str, &str, &str)] = &[(
    "bonafide-store",
    "ts-rs",
    "storage rows are not UI types; the façade converts them",
)];

struct Package {
    name: String,
    /// Normal and build dependencies, by package name.
    deps: BTreeSet<String>,
}

fn workspace() -> Vec<Package> {
    let out = Command::new(env!("CARGO"))
        .args([
            "metadata",
            "--format-version",
            "1",
            "--no-deps",
            "--offline",
        ])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("cargo metadata runs");
    assert!(
        out.status.success(),
        "cargo metadata failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let meta: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    meta["packages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| Package {
            name: p["name"].as_str().unwrap().to_string(),
            deps: p["dependencies"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|d| d["kind"].as_str() != Some("dev"))
                .map(|d| d["name"].as_str().unwrap().to_string())
                .collect(),
        })
        .collect()
}

fn layer_of(name: &str) -> Option<usize> {
    LAYERS.iter().position(|l| l.contains(&name))
}

#[test]
fn every_workspace_crate_has_a_layer_and_depends_only_downwards() {
    let packages = workspace();
    let mut wrong = Vec::new();
    for p in &packages {
        let Some(mine) = layer_of(&p.name) else {
            wrong.push(format!("{} has no layer in LAYERS", p.name));
            continue;
        };
        for d in &p.deps {
            if let Some(theirs) = layer_of(d)
                && theirs >= mine
            {
                wrong.push(format!(
                    "{} (layer {mine}) depends on {d} (layer {theirs})",
                    p.name
                ));
            }
        }
    }
    assert_eq!(
        packages.len(),
        LAYERS.concat().len(),
        "LAYERS names a crate that is gone"
    );
    assert!(wrong.is_empty(), "{wrong:#?}");
}

#[test]
fn each_outside_boundary_is_used_by_its_owner_alone() {
    let packages = workspace();
    let mut wrong = Vec::new();
    for p in &packages {
        for (dep, owner, why) in OWNED.iter().chain(OWNED_IF_USED) {
            if p.deps.contains(*dep) && p.name != *owner {
                wrong.push(format!(
                    "{} uses {dep}, which only {owner} may: {why}",
                    p.name
                ));
            }
        }
        for (krate, dep, why) in FORBIDDEN {
            if p.name == *krate && p.deps.contains(*dep) {
                wrong.push(format!("{krate} uses {dep}: {why}"));
            }
        }
    }
    // Each owner does use what it owns, so a renamed crate cannot make the rule vacuous.
    for (dep, owner, _) in OWNED {
        let p = packages.iter().find(|p| p.name == *owner).unwrap();
        if !p.deps.contains(*dep) {
            wrong.push(format!("{owner} no longer uses {dep}; update OWNED"));
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
}

/// Files spliced into others with `include!`: expressions, not files of items.
const INCLUDED_FRAGMENTS: &[&str] = &["src-tauri/src/command_names.rs"];

/// Longest source file, in lines, before any `#[cfg(test)]` module at its end.
const MAX_FILE_LINES: usize = 600;
/// Longest function, in lines from its signature to its closing brace.
const MAX_FN_LINES: usize = 80;

fn sources() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut dirs = vec![root.join("src"), root.join("src-tauri/src")];
    for c in std::fs::read_dir(root.join("crates")).unwrap().flatten() {
        if c.path().join("Cargo.toml").is_file() {
            dirs.push(c.path().join("src"));
        }
    }
    let mut files = Vec::new();
    while let Some(d) = dirs.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                dirs.push(p);
            } else if p.extension().is_some_and(|x| x == "rs") {
                files.push(p);
            }
        }
    }
    files.sort();
    files
}

fn is_test_module(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|a| {
        a.path().is_ident("cfg")
            && a.parse_args::<syn::Meta>()
                .is_ok_and(|m| m.path().is_ident("test"))
    })
}

/// Collects functions longer than the limit, skipping test modules.
struct LongFunctions<'a> {
    file: &'a Path,
    found: Vec<String>,
}

impl LongFunctions<'_> {
    /// Measures from the signature to the closing brace: doc comments and attributes
    /// above a function do not count against it.
    fn check(&mut self, sig: &syn::Signature, block: &syn::Block) {
        let start = sig.span().start().line;
        let lines = block.span().end().line + 1 - start;
        if lines > MAX_FN_LINES {
            self.found.push(format!(
                "{}:{start} fn {} is {lines} lines",
                self.file.display(),
                sig.ident
            ));
        }
    }
}

impl<'ast> Visit<'ast> for LongFunctions<'_> {
    fn visit_item_mod(&mut self, m: &'ast syn::ItemMod) {
        if !is_test_module(&m.attrs) {
            syn::visit::visit_item_mod(self, m);
        }
    }
    fn visit_item_fn(&mut self, f: &'ast syn::ItemFn) {
        self.check(&f.sig, &f.block);
        syn::visit::visit_item_fn(self, f);
    }
    fn visit_impl_item_fn(&mut self, f: &'ast syn::ImplItemFn) {
        self.check(&f.sig, &f.block);
        syn::visit::visit_impl_item_fn(self, f);
    }
}

/// Lines of `text` before a trailing `#[cfg(test)]` module.
fn lines_outside_tests(text: &str) -> usize {
    let lines: Vec<&str> = text.lines().collect();
    lines
        .windows(2)
        .position(|w| w[0].trim() == "#[cfg(test)]" && w[1].trim_start().starts_with("mod "))
        .unwrap_or(lines.len())
}

#[test]
fn no_source_file_or_function_is_too_long() {
    let mut wrong = Vec::new();
    let files = sources();
    assert!(files.len() > 50, "found only {} source files", files.len());
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        let lines = lines_outside_tests(&text);
        if lines > MAX_FILE_LINES {
            wrong.push(format!("{} is {lines} lines", file.display()));
        }
        let Ok(ast) = syn::parse_file(&text) else {
            assert!(
                INCLUDED_FRAGMENTS.iter().any(|f| file.ends_with(f)),
                "{} does not parse as Rust items",
                file.display()
            );
            continue;
        };
        let mut v = LongFunctions {
            file,
            found: Vec::new(),
        };
        v.visit_file(&ast);
        wrong.extend(v.found);
    }
    assert!(
        wrong.is_empty(),
        "split these by responsibility (limits: {MAX_FILE_LINES} lines a file, \
         {MAX_FN_LINES} a function):\n{}",
        wrong.join("\n")
    );
}

#[test]
fn the_size_rules_see_what_they_measure() {
    // A function of 81 lines is caught and one of 80 is not, and a test module is skipped.
    let body = |n: usize| {
        format!(
            "/// Doc comments do not count.\n#[inline]\nfn f() {{\n{}}}\n",
            "    let _x = 1;\n".repeat(n - 2)
        )
    };
    let count = |src: &str| {
        let ast = syn::parse_file(src).unwrap();
        let mut v = LongFunctions {
            file: Path::new("x.rs"),
            found: Vec::new(),
        };
        v.visit_file(&ast);
        v.found.len()
    };
    assert_eq!(count(&body(80)), 0);
    assert_eq!(count(&body(81)), 1);
    assert_eq!(
        count(&format!("#[cfg(test)]\nmod tests {{\n{}}}\n", body(200))),
        0
    );
    assert_eq!(
        lines_outside_tests("a\nb\n#[cfg(test)]\nmod tests {\n}\n"),
        2
    );
}

/// The checklist items the automated checks and screening propose outcomes for.
fn proposed_items() -> Vec<&'static str> {
    let mut ids = bonafide::checks::items::ALL.to_vec();
    ids.extend([
        bonafide::app::NAMES_ITEM,
        bonafide::app::IDENTIFIERS_ITEM,
        bonafide::app::WATCHLIST_ITEM,
    ]);
    ids
}

#[test]
fn every_item_a_check_or_screening_proposes_for_is_in_every_shipped_edition() {
    let templates = bonafide::checklist::builtin_templates();
    assert!(!templates.is_empty());
    let mut missing = Vec::new();
    for t in templates {
        for id in proposed_items() {
            if t.item(id).is_none() {
                missing.push(format!("{} v{} has no item {id}", t.id, t.version));
            }
        }
    }
    assert!(missing.is_empty(), "{missing:#?}");
    // The tie is real: an id that is not in the template is caught.
    assert!(templates[0].item("company.no_such_item").is_none());
}
