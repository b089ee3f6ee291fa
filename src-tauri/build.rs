//! Declares every app command so that each falls under the capability ACL: a command not
//! granted in `capabilities/main.json` cannot be invoked from the webview.

/// Keep in step with `generate_handler!` in `src/lib.rs`; a test checks that they agree.
const COMMANDS: &[&str] = &[
    "app_info",
    "set_user",
    "list_cases",
    "create_case",
    "update_case",
    "get_case",
    "set_item",
    "item_history",
    "pick_evidence_file",
    "add_evidence_url",
    "decide",
    "deletion_impact",
    "delete_case",
    "verify_audit",
];

fn main() {
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .expect("tauri build configuration is invalid");
}
