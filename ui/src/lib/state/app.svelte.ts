// App-wide state: where the user is, who they are, and what they dismissed this session.

import * as api from '../api';
import type { AppInfo, Attention, AuditReport, RestoreReport, Theme, VaultStatus } from '../api';
import { formatDateTime } from '../format';
import { count } from '../labels';
import { applyTheme } from '../theme';

export type Route =
  | { name: 'list' }
  | { name: 'new' }
  | { name: 'edit'; id: string }
  /** `item`: the item to open at (from Needs attention). */
  | { name: 'case'; id: string; item?: string }
  | { name: 'attention' }
  | { name: 'lists' }
  | { name: 'records' }
  | { name: 'settings' }
  /** Signing, a page of its own reached from Settings. */
  | { name: 'signing' };

/** The places the navigation lists, in its order. */
export const PLACES = ['list', 'attention', 'lists', 'records', 'settings'] as const;
export type Place = (typeof PLACES)[number];

/** The navigation entry a route belongs to. */
export function placeOf(route: Route): Place {
  switch (route.name) {
    case 'new':
    case 'edit':
    case 'case':
    case 'list':
      return 'list';
    case 'signing':
      return 'settings';
    default:
      return route.name;
  }
}

/** The route as the window remembers it between starts: a place, or `case:ID`. A form
 *  half filled in is not reopened; its case (or the list) is. */
export function viewName(route: Route): string {
  switch (route.name) {
    case 'case':
    case 'edit':
      return `case:${route.id}`;
    case 'new':
      return 'list';
    default:
      return route.name;
  }
}

/** The route a remembered view names; the case list for anything unknown. */
export function routeOf(view: string): Route {
  if (view.startsWith('case:') && view.length > 5) return { name: 'case', id: view.slice(5) };
  const place = PLACES.find((p) => p === view);
  return place ? { name: place } : { name: 'list' };
}

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

  /** Everything that waits for a person; null until first loaded. */
  attention = $state.raw<Attention[] | null>(null);
  /** The latest tamper check of this session, and when it finished. */
  audit = $state.raw<AuditReport | null>(null);
  auditAt = $state<string | null>(null);
  auditError = $state<string | null>(null);
  auditing = $state(false);
  theme = $state<Theme>('system');
  /** The "?" overlay listing the keyboard shortcuts. */
  shortcutsOpen = $state(false);

  #lastSection = new Map<string, string>();
  #remembered = false;

  get userName(): string {
    return this.info?.actor ?? '';
  }

  go(route: Route): void {
    this.route = route;
    // Only once the remembered view was read, so starting up never overwrites it.
    if (this.#remembered) void this.#savePreferences();
  }

  /** Reads the theme and last view the window remembers. Before the folder is unlocked
   *  only the theme is used; the view is opened once the data is there. */
  async loadPreferences(): Promise<string> {
    try {
      const p = await api.preferences();
      this.theme = p.theme;
      applyTheme(p.theme);
      return p.last_view;
    } catch {
      // The defaults are fine: a window without preferences is still a working window.
      applyTheme(this.theme);
      return '';
    }
  }

  /** Opens the view remembered from the last start, then remembers every change. */
  openRemembered(view: string): void {
    this.route = routeOf(view);
    this.#remembered = true;
  }

  async setTheme(theme: Theme): Promise<void> {
    this.theme = theme;
    applyTheme(theme);
    await this.#savePreferences();
  }

  async #savePreferences(): Promise<void> {
    try {
      await api.setPreferences(this.theme, viewName(this.route));
    } catch {
      // A preference not saved costs nothing but the window's memory of it.
    }
  }

  /** Runs the tamper check over every history, stored row and evidence file. */
  async verifyAudit(): Promise<void> {
    this.auditing = true;
    this.auditError = null;
    try {
      this.audit = await api.verifyAudit();
      this.auditAt = new Date().toISOString();
    } catch (e) {
      this.auditError = api.toApiError(e).message;
    } finally {
      this.auditing = false;
    }
    await this.refreshAttention();
  }

  /** Reloads the Needs attention list (and so its count in the navigation). */
  async refreshAttention(): Promise<void> {
    try {
      this.attention = await api.needsAttention();
    } catch {
      // Keep the last list; the screen itself shows the error when opened.
    }
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
