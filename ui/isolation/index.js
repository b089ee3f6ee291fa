// The isolation hook. Tauri's isolation pattern routes every IPC message from the main
// window through this sandboxed frame, which runs on its own origin; only what this hook
// returns is encrypted (AES-GCM, a key made at start-up) and reaches the app. Script that
// somehow ran in the main window can therefore call nothing but the app's own commands,
// whatever the capability files say.
//
// The list is the app's commands (src-tauri/src/command_names.rs; a test keeps the two
// equal) and the one internal command that delivers progress from Rust to the page.
const ALLOWED = new Set([
  'app_info',
  'set_user',
  'list_cases',
  'create_case',
  'update_case',
  'get_case',
  'set_item',
  'item_history',
  'pick_evidence_file',
  'attach_picked_file',
  'add_evidence_url',
  'remove_evidence',
  'open_evidence',
  'save_evidence_copy',
  'open_exported',
  'reveal_exported',
  'get_monitor',
  'pick_monitor_file',
  'fill_from_carrier_text',
  'move_to_edition',
  'decide',
  'deletion_impact',
  'delete_case',
  'verify_audit',
  'export_record',
  'verify_record',
  'signing_status',
  'signing_init',
  'set_tsa_url',
  'save_signing_ca',
  'import_signing_certificate',
  'list_status',
  'import_lists',
  'update_lists',
  'screening_settings',
  'set_screening_settings',
  'get_screening',
  'screen_case',
  'set_disposition',
  'acknowledge_alert',
  'open_alerts',
  'get_checks',
  'run_checks',
  'backup_data',
  'restore_data',
  'vault_status',
  'set_up_vault',
  'unlock_vault',
  'needs_attention',
  'checks_settings',
  'set_checks_settings',
  'retention_years',
  'set_retention_years',
  'export_all_records',
  'preferences',
  'set_preferences',
  'key_keeping',
  'set_key_keeping',
  'plugin:__TAURI_CHANNEL__|fetch',
]);

window.__TAURI_ISOLATION_HOOK__ = (message) => {
  if (message && typeof message.cmd === 'string' && ALLOWED.has(message.cmd)) {
    return message;
  }
  // Throwing here would leave the caller's promise waiting forever, so the message goes on
  // renamed instead: the app has no such command and refuses it with an error that says why.
  const refused = Object.create(null);
  refused.cmd = 'refused_by_isolation_hook';
  refused.callback = message.callback;
  refused.error = message.error;
  refused.payload = {};
  refused.options = message.options;
  return refused;
};
