//! Declares every app command so that each falls under the capability ACL: a command not
//! granted in `capabilities/main.json` cannot be invoked from the webview.

const COMMANDS: &[&str] = include!("src/command_names.rs");

fn main() {
    println!("cargo:rerun-if-changed=src/command_names.rs");
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .expect("tauri build configuration is invalid");
}
