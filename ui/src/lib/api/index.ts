// The only module that talks to the Rust backend. Every backend command has one typed
// function here; components and state classes call these, never `invoke` itself.

import { Channel, invoke } from '@tauri-apps/api/core';

import type { AppInfo } from './bindings/AppInfo';
import type { AuditEvent } from './bindings/AuditEvent';
import type { AuditReport } from './bindings/AuditReport';
import type { BackupReport } from './bindings/BackupReport';
import type { RestoreReport } from './bindings/RestoreReport';
import type { SetUpReport } from './bindings/SetUpReport';
import type { VaultStatus } from './bindings/VaultStatus';
import type { CaseFields } from './bindings/CaseFields';
import type { CaseFilter } from './bindings/CaseFilter';
import type { CheckEvent } from './bindings/CheckEvent';
import type { ChecksView } from './bindings/ChecksView';
import type { MonitorView } from './bindings/MonitorView';
import type { CarrierFill } from './bindings/CarrierFill';
import type { ImportProgress } from './bindings/ImportProgress';
import type { CaseSummary } from './bindings/CaseSummary';
import type { CaseView } from './bindings/CaseView';
import type { Decision } from './bindings/Decision';
import type { DeletionImpact } from './bindings/DeletionImpact';
import type { EvidenceDetails } from './bindings/EvidenceDetails';
import type { PickedFile } from './bindings/PickedFile';
import type { ExportedRecord } from './bindings/ExportedRecord';
import type { RecordCheck } from './bindings/RecordCheck';
import type { SigningStatus } from './bindings/SigningStatus';
import type { FieldError } from './bindings/FieldError';
import type { IpcError } from './bindings/IpcError';
import type { Outcome } from './bindings/Outcome';
import type { AlertView } from './bindings/AlertView';
import type { Disposition } from './bindings/Disposition';
import type { DownloadProgress } from './bindings/DownloadProgress';
import type { ImportReport } from './bindings/ImportReport';
import type { ListStatus } from './bindings/ListStatus';
import type { ScreeningSettings } from './bindings/ScreeningSettings';
import type { ScreeningView } from './bindings/ScreeningView';
import type { UpdateReport } from './bindings/UpdateReport';
import type { Attention } from './bindings/Attention';
import type { ChecksSettings } from './bindings/ChecksSettings';
import type { Preferences } from './bindings/Preferences';
import type { KeyKeeping } from './bindings/KeyKeeping';
import type { Theme } from './bindings/Theme';

export type { AppInfo } from './bindings/AppInfo';
export type { PickedFile } from './bindings/PickedFile';
export type { Attention } from './bindings/Attention';
export type { AttentionKind } from './bindings/AttentionKind';
export type { AttentionPlace } from './bindings/AttentionPlace';
export type { ChecksSettings } from './bindings/ChecksSettings';
export type { Preferences } from './bindings/Preferences';
export type { KeyKeeping } from './bindings/KeyKeeping';
export type { Theme } from './bindings/Theme';
export type { Assessment } from './bindings/Assessment';
export type { AuditEvent } from './bindings/AuditEvent';
export type { AuditReport } from './bindings/AuditReport';
export type { BackupReport } from './bindings/BackupReport';
export type { RestoreReport } from './bindings/RestoreReport';
export type { Retention } from './bindings/Retention';
export type { StateMismatch } from './bindings/StateMismatch';
export type { CaseFields } from './bindings/CaseFields';
export type { CheckEvent } from './bindings/CheckEvent';
export type { CheckKind } from './bindings/CheckKind';
export type { CheckResult } from './bindings/CheckResult';
export type { CheckState } from './bindings/CheckState';
export type { ChecksView } from './bindings/ChecksView';
export type { CitedRow } from './bindings/CitedRow';
export type { FindingKind } from './bindings/FindingKind';
export type { MonitorAssessment } from './bindings/MonitorAssessment';
export type { MonitorFinding } from './bindings/MonitorFinding';
export type { MonitorImport } from './bindings/MonitorImport';
export type { MonitorView } from './bindings/MonitorView';
export type { CarrierFill } from './bindings/CarrierFill';
export type { ImportProgress } from './bindings/ImportProgress';
export type { Delivery } from './bindings/Delivery';
export type { NewerEdition } from './bindings/NewerEdition';
export type { Plan } from './bindings/Plan';
export type { PlanTask } from './bindings/PlanTask';
export type { Weight } from './bindings/Weight';
export type { Fact } from './bindings/Fact';
export type { Finding } from './bindings/Finding';
export type { ResponseEvidence } from './bindings/ResponseEvidence';
export type { Signal } from './bindings/Signal';
export type { CaseFilter } from './bindings/CaseFilter';
export type { CaseInfo } from './bindings/CaseInfo';
export type { CaseStatus } from './bindings/CaseStatus';
export type { CaseSummary } from './bindings/CaseSummary';
export type { CaseView } from './bindings/CaseView';
export type { ChainBreak } from './bindings/ChainBreak';
export type { Decision } from './bindings/Decision';
export type { DecisionRecord } from './bindings/DecisionRecord';
export type { DeletionImpact } from './bindings/DeletionImpact';
export type { EventKind } from './bindings/EventKind';
export type { Evidence } from './bindings/Evidence';
export type { EvidenceDetails } from './bindings/EvidenceDetails';
export type { EvidenceProblem } from './bindings/EvidenceProblem';
export type { ExportedRecord } from './bindings/ExportedRecord';
export type { RecordCheck } from './bindings/RecordCheck';
export type { SigningStatus } from './bindings/SigningStatus';
export type { RecordStatus } from './bindings/RecordStatus';
export type { FieldError } from './bindings/FieldError';
export type { IpcError } from './bindings/IpcError';
export type { ItemDef } from './bindings/ItemDef';
export type { ItemMode } from './bindings/ItemMode';
export type { ItemRef } from './bindings/ItemRef';
export type { ItemState } from './bindings/ItemState';
export type { Outcome } from './bindings/Outcome';
export type { OutcomeCounts } from './bindings/OutcomeCounts';
export type { Phase } from './bindings/Phase';
export type { Progress } from './bindings/Progress';
export type { RedFlag } from './bindings/RedFlag';
export type { RiskSummary } from './bindings/RiskSummary';
export type { SectionDef } from './bindings/SectionDef';
export type { SectionProgress } from './bindings/SectionProgress';
export type { Severity } from './bindings/Severity';
export type { Source } from './bindings/Source';
export type { StatusFilter } from './bindings/StatusFilter';
export type { SubjectKind } from './bindings/SubjectKind';
export type { AlertView } from './bindings/AlertView';
export type { AlignedPair } from './bindings/AlignedPair';
export type { Disposition } from './bindings/Disposition';
export type { DispositionView } from './bindings/DispositionView';
export type { DownloadProgress } from './bindings/DownloadProgress';
export type { EntryKind } from './bindings/EntryKind';
export type { Hit } from './bindings/Hit';
export type { HitView } from './bindings/HitView';
export type { ImportReport } from './bindings/ImportReport';
export type { ListEntry } from './bindings/ListEntry';
export type { ListStatus } from './bindings/ListStatus';
export type { ListUsed } from './bindings/ListUsed';
export type { ListVersion } from './bindings/ListVersion';
export type { Proposal } from './bindings/Proposal';
export type { ScreeningRecord } from './bindings/ScreeningRecord';
export type { ScreeningSettings } from './bindings/ScreeningSettings';
export type { ScreeningView } from './bindings/ScreeningView';
export type { UpdateReport } from './bindings/UpdateReport';
export type { UpdateResult } from './bindings/UpdateResult';
export type { SetUpReport } from './bindings/SetUpReport';
export type { VaultState } from './bindings/VaultState';
export type { VaultStatus } from './bindings/VaultStatus';

/** Error codes the backend sends, plus `internal` for anything that is not an IpcError. */
export type ErrorCode = IpcError['code'];

const CODES: readonly ErrorCode[] = [
  'not_found',
  'invalid_input',
  'storage',
  'locked',
  'not_set_up',
  'internal',
];

/** A failed backend call, as the UI shows it. */
export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly fields: FieldError[];

  constructor(code: ErrorCode, message: string, fields: FieldError[] = []) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.fields = fields;
  }

  /** The first message for one field, if the backend named it. */
  fieldMessage(field: string): string | undefined {
    return this.fields.find((f) => f.field === field)?.message;
  }

  /** Messages by field name (several messages on one field are joined). */
  fieldMap(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const f of this.fields) {
      out[f.field] = out[f.field] ? `${out[f.field]}; ${f.message}` : f.message;
    }
    return out;
  }
}

function isFieldError(v: unknown): v is FieldError {
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof (v as FieldError).field === 'string' &&
    typeof (v as FieldError).message === 'string'
  );
}

/** Whether `v` has the shape of the backend's `IpcError`. */
export function isIpcError(v: unknown): v is IpcError {
  if (typeof v !== 'object' || v === null) return false;
  const o = v as Record<string, unknown>;
  return (
    typeof o.code === 'string' &&
    (CODES as readonly string[]).includes(o.code) &&
    typeof o.message === 'string'
  );
}

/** Turns whatever a failed call produced into an `ApiError`. */
export function toApiError(e: unknown): ApiError {
  if (e instanceof ApiError) return e;
  if (isIpcError(e)) {
    const fields = Array.isArray(e.fields) ? e.fields.filter(isFieldError) : [];
    return new ApiError(e.code, e.message, fields);
  }
  if (e instanceof Error) return new ApiError('internal', e.message || 'Something went wrong.');
  if (typeof e === 'string' && e.trim() !== '') return new ApiError('internal', e);
  return new ApiError('internal', 'Something went wrong talking to the app. Try again.');
}

async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (e) {
    throw toApiError(e);
  }
}

/** About this installation, including the current user name. */
export function appInfo(): Promise<AppInfo> {
  return call<AppInfo>('app_info');
}

/** Sets the name recorded as "who" on every change. */
export function setUser(name: string): Promise<AppInfo> {
  return call<AppInfo>('set_user', { name });
}

/** Cases matching the filter, most recently changed first. */
export function listCases(filter: CaseFilter): Promise<CaseSummary[]> {
  return call<CaseSummary[]>('list_cases', { filter });
}

/** Opens a new case; returns its id. */
export function createCase(fields: CaseFields): Promise<string> {
  return call<string>('create_case', { fields });
}

/** Replaces a case's subject fields. */
export function updateCase(id: string, fields: CaseFields): Promise<CaseView> {
  return call<CaseView>('update_case', { id, fields });
}

/** Everything the case screen shows. */
export function getCase(id: string): Promise<CaseView> {
  return call<CaseView>('get_case', { id });
}

/** Sets an item's outcome and/or note; `null` leaves that part unchanged. */
export function setItem(
  caseId: string,
  itemId: string,
  outcome: Outcome | null,
  note: string | null,
): Promise<CaseView> {
  return call<CaseView>('set_item', { caseId, itemId, outcome, note });
}

/** The audit events of one item, oldest first. */
export function itemHistory(caseId: string, itemId: string): Promise<AuditEvent[]> {
  return call<AuditEvent[]>('item_history', { caseId, itemId });
}

/**
 * Opens the native file dialog; `null` when cancelled. Nothing is attached yet: the
 * answer's token goes to `attachPickedFile` with the date and note for that file.
 */
export function pickEvidenceFile(): Promise<PickedFile | null> {
  return call<PickedFile | null>('pick_evidence_file');
}

/** Copies, hashes and attaches a file chosen with `pickEvidenceFile`. */
export function attachPickedFile(
  caseId: string,
  itemId: string,
  token: string,
  details: EvidenceDetails,
): Promise<CaseView> {
  return call<CaseView>('attach_picked_file', { caseId, itemId, token, details });
}

/** Takes evidence off its item; the removal and the reason are kept in the history. */
export function removeEvidence(
  caseId: string,
  evidenceId: string,
  reason: string,
): Promise<CaseView> {
  return call<CaseView>('remove_evidence', { caseId, evidenceId, reason });
}

/** Opens a decrypted copy of an attached file with the system's viewer. */
export function openEvidence(caseId: string, evidenceId: string): Promise<void> {
  return call<void>('open_evidence', { caseId, evidenceId });
}

/** Asks for a folder (native dialog) and saves a copy there; its path, `null` when cancelled. */
export function saveEvidenceCopy(caseId: string, evidenceId: string): Promise<string | null> {
  return call<string | null>('save_evidence_copy', { caseId, evidenceId });
}

/** Opens a record exported in this window with the system's PDF viewer. */
export function openExported(path: string): Promise<void> {
  return call<void>('open_exported', { path });
}

/** Shows a record exported in this window in the file manager. */
export function revealExported(path: string): Promise<void> {
  return call<void>('reveal_exported', { path });
}

/** A case's after-hiring record: the monitoring plan, imports and their findings. */
export function getMonitor(caseId: string): Promise<MonitorView> {
  return call<MonitorView>('get_monitor', { caseId });
}

/**
 * Opens the native file dialog and imports the chosen sign-in log or device inventory;
 * `null` when cancelled.
 */
export function pickMonitorFile(
  caseId: string,
  onProgress: (p: ImportProgress) => void = () => {},
): Promise<MonitorView | null> {
  const channel = new Channel<ImportProgress>();
  channel.onmessage = onProgress;
  return call<MonitorView | null>('pick_monitor_file', { caseId, onProgress: channel });
}

/** The form's details with their empty delivery fields filled from a carrier's tracking
 *  text, by the core's rule (nothing a person typed is replaced); nothing is stored. */
export function fillFromCarrierText(fields: CaseFields, text: string): Promise<CarrierFill> {
  return call<CarrierFill>('fill_from_carrier_text', { fields, text });
}

/** Moves a case to a newer edition of its checklist; the move is recorded. */
export function moveToEdition(caseId: string, version: number): Promise<CaseView> {
  return call<CaseView>('move_to_edition', { caseId, version });
}

/** Attaches a web address as evidence. */
export function addEvidenceUrl(
  caseId: string,
  itemId: string,
  url: string,
  details: EvidenceDetails,
): Promise<CaseView> {
  return call<CaseView>('add_evidence_url', { caseId, itemId, url, details });
}

/** Records a decision on a case. */
export function decide(
  caseId: string,
  decision: Decision,
  rationale: string,
  reviewer: string,
): Promise<CaseView> {
  return call<CaseView>('decide', { caseId, decision, rationale, reviewer });
}

/** What deleting a case would lose. */
export function deletionImpact(caseId: string): Promise<DeletionImpact> {
  return call<DeletionImpact>('deletion_impact', { caseId });
}

/** Deletes a case for good (the deletion stays in the audit log). */
export async function deleteCase(caseId: string, reason: string | null = null): Promise<void> {
  await call<null>('delete_case', { caseId, reason: reason?.trim() || null });
}

/** Checks every hash chain and evidence file. */
export function verifyAudit(): Promise<AuditReport> {
  return call<AuditReport>('verify_audit');
}

/** Asks where to save (native dialog) and writes a backup archive; null when cancelled. */
export function backupData(): Promise<BackupReport | null> {
  return call<BackupReport | null>('backup_data');
}

/**
 * Asks for a backup archive (native dialog), checks it completely, then replaces the data
 * folder with it (the old one is kept beside it); null when cancelled.
 */
export function restoreData(
  unlock: { passphrase?: string; recoveryCode?: string } = {},
): Promise<RestoreReport | null> {
  return call<RestoreReport | null>('restore_data', {
    passphrase: unlock.passphrase || null,
    recoveryCode: unlock.recoveryCode || null,
  });
}

/** Whether the data folder is set up for encryption, locked, or open. */
export function vaultStatus(): Promise<VaultStatus> {
  return call<VaultStatus>('vault_status');
}

/** First run: creates the folder's key and opens it; the recovery code is shown once. */
export function setUpVault(passphrase: string): Promise<SetUpReport> {
  return call<SetUpReport>('set_up_vault', { passphrase: passphrase || null });
}

/**
 * Unlocks with the passphrase, or with the recovery code and a new passphrase. `remember`
 * keeps the key in this computer's keychain after a passphrase unlock, only when asked.
 */
export function unlockVault(unlock: {
  passphrase?: string;
  recoveryCode?: string;
  newPassphrase?: string;
  remember?: boolean;
}): Promise<void> {
  return call<void>('unlock_vault', {
    passphrase: unlock.passphrase || null,
    recoveryCode: unlock.recoveryCode || null,
    newPassphrase: unlock.newPassphrase || null,
    remember: unlock.remember ?? false,
  });
}

/** Asks where to save (native dialog) and exports the PDF record; null when cancelled. */
export function exportRecord(caseId: string): Promise<ExportedRecord | null> {
  return call<ExportedRecord | null>('export_record', { caseId });
}

/** Asks for a PDF record (native dialog) and verifies it; null when cancelled. */
export function verifyRecord(): Promise<RecordCheck | null> {
  return call<RecordCheck | null>('verify_record');
}

/** Whether exported records are signed, for which organisation, and the time-stamping authority. */
export function signingStatus(): Promise<SigningStatus> {
  return call<SigningStatus>('signing_status');
}

/** Creates the organisation's records CA and signing certificate. */
export function signingInit(organisation: string, replace = false): Promise<SigningStatus> {
  return call<SigningStatus>('signing_init', { organisation, replace });
}

/** Names the time-stamping authority (an empty address removes it). */
export function setTsaUrl(url: string): Promise<SigningStatus> {
  return call<SigningStatus>('set_tsa_url', { url: url.trim() || null });
}

/** Asks for a PKCS#12 file (native dialog) and signs records with its certificate from
 * now on; null when cancelled. */
export function importSigningCertificate(password: string, replace = false): Promise<SigningStatus | null> {
  return call<SigningStatus | null>('import_signing_certificate', { password, replace });
}

/** Asks where to save the records CA certificate (native dialog); null when cancelled. */
export function saveSigningCa(): Promise<string | null> {
  return call<string | null>('save_signing_ca');
}

/** Every sanctions list with the version in force and whether it is stale. */
export function listStatus(): Promise<ListStatus[]> {
  return call<ListStatus[]>('list_status');
}

/** Asks for list files (native dialog) and imports them; null when cancelled. */
export function importLists(): Promise<ImportReport | null> {
  return call<ImportReport | null>('import_lists');
}

/** Downloads every list from its configured address, reporting progress as it goes. */
export function updateLists(onProgress: (p: DownloadProgress) => void): Promise<UpdateReport> {
  const channel = new Channel<DownloadProgress>();
  channel.onmessage = onProgress;
  return call<UpdateReport>('update_lists', { onProgress: channel });
}

/** Screening settings: staleness, thresholds, retention, download addresses. */
export function screeningSettings(): Promise<ScreeningSettings> {
  return call<ScreeningSettings>('screening_settings');
}

/** Saves screening settings. */
export function setScreeningSettings(settings: ScreeningSettings): Promise<ScreeningSettings> {
  return call<ScreeningSettings>('set_screening_settings', { settings });
}

/** A case's latest automated check results and their proposals. */
export function getChecks(caseId: string): Promise<ChecksView> {
  return call<ChecksView>('get_checks', { caseId });
}

/** Runs a case's checks (all, or only the given keys), reporting each check's progress. */
export function runChecks(
  caseId: string,
  only: string[] | null,
  onProgress: (e: CheckEvent) => void,
): Promise<ChecksView> {
  const channel = new Channel<CheckEvent>();
  channel.onmessage = onProgress;
  return call<ChecksView>('run_checks', { caseId, only, onProgress: channel });
}

/** A case's latest screening with dispositions, proposals and alerts. */
export function getScreening(caseId: string): Promise<ScreeningView> {
  return call<ScreeningView>('get_screening', { caseId });
}

/** Screens a case again now. */
export function screenCase(caseId: string): Promise<ScreeningView> {
  return call<ScreeningView>('screen_case', { caseId });
}

/** Records a disposition for a potential match. */
export function setDisposition(
  caseId: string,
  list: string,
  entryId: string,
  disposition: Disposition,
  rationale: string,
): Promise<ScreeningView> {
  return call<ScreeningView>('set_disposition', { caseId, list, entryId, disposition, rationale });
}

/** Acknowledges an alert raised by re-screening. */
export function acknowledgeAlert(caseId: string, alertId: number): Promise<ScreeningView> {
  return call<ScreeningView>('acknowledge_alert', { caseId, alertId });
}

/** Open alerts across all cases. */
export function openAlerts(): Promise<AlertView[]> {
  return call<AlertView[]>('open_alerts');
}

// ---- Shell: what needs attention, settings, the window's preferences ----

/** Everything that waits for a person, newest first. */
export function needsAttention(): Promise<Attention[]> {
  return call<Attention[]>('needs_attention');
}

/** The automated checks' settings (empty fields mean the default). */
export function checksSettings(): Promise<ChecksSettings> {
  return call<ChecksSettings>('checks_settings');
}

/** Saves the checks' settings; refused with field errors when one is invalid. */
export function setChecksSettings(settings: ChecksSettings): Promise<ChecksSettings> {
  return call<ChecksSettings>('set_checks_settings', { settings });
}

/** How many years a case is kept after its last decision. */
export function retentionYears(): Promise<number> {
  return call<number>('retention_years');
}

/** Sets the retention period (1–100 years). */
export function setRetentionYears(years: number): Promise<number> {
  return call<number>('set_retention_years', { years });
}

/** Asks for a folder (native dialog) and exports every record into it; null when cancelled. */
export function exportAllRecords(): Promise<ExportedRecord[] | null> {
  return call<ExportedRecord[] | null>('export_all_records');
}

/** The theme and last view the window remembers. Works before the folder is unlocked. */
export function preferences(): Promise<Preferences> {
  return call<Preferences>('preferences');
}

/** Whether this computer's keychain holds the folder's key. */
export function keyKeeping(): Promise<KeyKeeping> {
  return call<KeyKeeping>('key_keeping');
}

/** Files the key in the keychain (`keep`), or removes it so every start asks the passphrase. */
export function setKeyKeeping(keep: boolean): Promise<KeyKeeping> {
  return call<KeyKeeping>('set_key_keeping', { keep });
}

/** Saves the theme and the last view. */
export function setPreferences(theme: Theme, lastView: string): Promise<Preferences> {
  return call<Preferences>('set_preferences', { theme, lastView });
}
