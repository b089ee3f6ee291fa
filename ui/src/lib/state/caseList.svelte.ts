// The case list with its search and filters. Kept for the whole session, so going back to
// the list keeps what the user typed.

import * as api from '../api';
import type { CaseFilter, CaseSummary, Decision, StatusFilter, SubjectKind } from '../api';
import { debounce } from './debounce';

export const SEARCH_DEBOUNCE_MS = 150;

export class CaseListState {
  text = $state('');
  status = $state<StatusFilter | ''>('');
  decision = $state<Decision | ''>('');
  kind = $state<SubjectKind | ''>('');

  cases = $state.raw<CaseSummary[]>([]);
  loading = $state(false);
  /** At least one answer arrived (so "no cases" is known, not just not loaded yet). */
  loaded = $state(false);
  error = $state<string | null>(null);

  #request = 0;
  #inFlight: Promise<void> = Promise.resolve();
  #debounced = debounce(() => void this.refresh(), SEARCH_DEBOUNCE_MS);

  /** Whether any search or filter narrows the list. */
  get filtering(): boolean {
    return (
      this.text.trim() !== '' || this.status !== '' || this.decision !== '' || this.kind !== ''
    );
  }

  filter(): CaseFilter {
    const f: CaseFilter = { text: this.text.trim() };
    if (this.status) f.status = this.status;
    if (this.decision) f.decision = this.decision;
    if (this.kind) f.kind = this.kind;
    return f;
  }

  /** Call on every keystroke in the search box. */
  searchChanged(): void {
    this.#debounced();
  }

  clearFilters(): void {
    this.text = '';
    this.status = '';
    this.decision = '';
    this.kind = '';
    this.#debounced.cancel();
    void this.refresh();
  }

  /** Loads the list; an answer to an older request never replaces a newer one. */
  /** Resolves once the latest refresh has answered (or at once when none is running). */
  settled(): Promise<void> {
    return this.#inFlight;
  }

  refresh(): Promise<void> {
    this.#inFlight = this.#refresh();
    return this.#inFlight;
  }

  async #refresh(): Promise<void> {
    this.#debounced.cancel();
    const request = ++this.#request;
    this.loading = true;
    try {
      const cases = await api.listCases(this.filter());
      if (request !== this.#request) return;
      this.cases = cases;
      this.error = null;
      this.loaded = true;
    } catch (e) {
      if (request !== this.#request) return;
      this.error = api.toApiError(e).message;
    } finally {
      if (request === this.#request) this.loading = false;
    }
  }

  dispose(): void {
    this.#debounced.cancel();
  }
}
