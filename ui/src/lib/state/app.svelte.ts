// App-wide state: where the user is, who they are, and what they dismissed this session.

import * as api from '../api';
import type { AppInfo, RestoreReport, VaultStatus } from '../api';
import { formatDateTime } from '../format';
import { count } from '../labels';

export type Route =
  | { name: 'list' }
  | { name: 'new' }
  | { name: 'edit'; id: string }
  | { name: 'case'; id: string }
  | { name: 'lists' }
  | { name: 'signing' };

export class AppState {
  route = $state<Route>({ name: 'list' });
  info = $state<AppInfo | null>(null);
  infoError = $state<string | null>(null);
  /** Set while the data folder is locked or not set up: the start screen asks for a key. */
  vault = $state<VaultStatus | null>(null);
  /** Shown once right after set-up, until the user says it is written down. */
  recoveryCode = $state<string | null>(null);
  /** Bumped when the data folder is replaced, so every screen loads afresh. */
  dataGeneration = $state(0);
  /** A one-off message for the whole app (after a backup or restore). */
  notice = $state<{ text: string; error: boolean } | null>(null);
  /** The template notice was dismissed for this session. */
  noticeDismissed = $state(false);

  #lastSection = new Map<string, string>();

  get userName(): string {
    return this.info?.actor ?? '';
  }

  go(route: Route): void {
    this.route = route;
  }

  /** The section last open in a case, remembered in memory for this session. */
  lastSection(caseId: string): string | undefined {
    return this.#lastSection.get(caseId);
  }

  rememberSection(caseId: string, sectionId: string): void {
    this.#lastSection.set(caseId, sectionId);
  }

  forgetCase(caseId: string): void {
    this.#lastSection.delete(caseId);
  }

  async loadInfo(): Promise<void> {
    try {
      this.info = await api.appInfo();
      this.infoError = null;
      this.vault = null;
    } catch (e) {
      const err = api.toApiError(e);
      if (err.code === 'locked' || err.code === 'not_set_up') {
        this.info = null;
        this.infoError = null;
        try {
          this.vault = await api.vaultStatus();
        } catch (inner) {
          this.infoError = api.toApiError(inner).message;
        }
      } else {
        this.vault = null;
        this.infoError = err.message;
      }
    }
  }

  /** After set-up or unlock: the data folder is open, load everything from it. */
  async opened(): Promise<void> {
    this.recoveryCode = null;
    this.vault = null;
    this.route = { name: 'list' };
    this.dataGeneration += 1;
    await this.loadInfo();
  }

  /** After a restore: say what happened, and reload everything from the new data. */
  async restored(r: RestoreReport): Promise<void> {
    const kept = r.previous_data
      ? ` The data it replaced is kept in ${r.previous_data}; delete that folder when you no longer need it.`
      : '';
    const unrecorded = r.not_recorded
      ? ` The restore could not be written into the restored history: ${r.not_recorded}`
      : '';
    const text =
      `Restored ${count(r.cases, 'case')} and ${count(r.evidence_files, 'stored file')} ` +
      `from the backup made ${formatDateTime(r.created_at)}.${kept}${unrecorded}`;
    this.notice = { text, error: false };
    this.recoveryCode = null;
    this.route = { name: 'list' };
    this.dataGeneration += 1;
    await this.loadInfo();
  }

  /** Changes the user name; throws an ApiError when the backend refuses it. */
  async setUser(name: string): Promise<void> {
    this.info = await api.setUser(name);
  }
}
