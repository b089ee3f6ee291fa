// The open case: its view as the backend last sent it, the section on screen, and every
// change the user makes to it. Changes run one after another, so a slower answer to an
// earlier change never overwrites the view from a later one.

import * as api from '../api';
import type {
  AuditEvent,
  CaseView,
  CheckEvent,
  ChecksView,
  Finding,
  Decision,
  Disposition,
  Proposal,
  ScreeningView,
  DeletionImpact,
  Evidence,
  EvidenceDetails,
  PickedFile,
  ItemState,
  Outcome,
  SectionDef,
  SectionProgress,
  Source,
} from '../api';

/** What an item card may do; the case screen state implements it, tests can fake it. */
export interface ItemActions {
  setItem(itemId: string, outcome: Outcome | null, note: string | null): Promise<void>;
  /** Opens the file dialog; resolves to null when the person cancelled it. */
  pickFile(): Promise<PickedFile | null>;
  /** Attaches a picked file with the date and note given for it. */
  attachPicked(itemId: string, token: string, details: EvidenceDetails): Promise<void>;
  addUrl(itemId: string, url: string, details: EvidenceDetails): Promise<void>;
  removeEvidence(evidenceId: string, reason: string): Promise<void>;
  openEvidence(evidenceId: string): Promise<void>;
  /** Resolves to the copy's path, or null when the person cancelled the folder dialog. */
  saveEvidenceCopy(evidenceId: string): Promise<string | null>;
  history(itemId: string): Promise<AuditEvent[]>;
}

const NO_EVIDENCE: Evidence[] = [];

export class CaseScreenState implements ItemActions {
  readonly caseId: string;
  view = $state.raw<CaseView | null>(null);
  loading = $state(false);
  loadError = $state<string | null>(null);
  notFound = $state(false);
  sectionId = $state('');
  /** The case's screening; loaded with the case, refreshed by screening actions. */
  screening = $state.raw<ScreeningView | null>(null);
  screeningError = $state<string | null>(null);
  screeningBusy = $state(false);
  /** The latest automated check results; loaded with the case, replaced by each run. */
  checks = $state.raw<ChecksView | null>(null);
  checksBusy = $state(false);
  checksError = $state<string | null>(null);
  /** Progress of the run under way, by check key. */
  checkProgress = $state.raw<Record<string, CheckEvent>>({});

  #queue: Promise<unknown> = Promise.resolve();

  readonly itemStates = $derived(
    new Map<string, ItemState>((this.view?.items ?? []).map((s) => [s.item_id, s])),
  );

  readonly evidenceByItem = $derived.by(() => {
    const m = new Map<string, Evidence[]>();
    for (const e of this.view?.evidence ?? []) {
      const list = m.get(e.item_id);
      if (list) list.push(e);
      else m.set(e.item_id, [e]);
    }
    return m;
  });

  readonly sources = $derived(
    new Map<string, Source>((this.view?.sources ?? []).map((s) => [s.key, s])),
  );

  readonly sectionProgress = $derived(
    new Map<string, SectionProgress>(
      (this.view?.progress.sections ?? []).map((s) => [s.section_id, s]),
    ),
  );

  readonly sections: SectionDef[] = $derived(this.view?.sections ?? []);

  readonly sectionIndex = $derived(this.sections.findIndex((s) => s.id === this.sectionId));

  readonly section: SectionDef | undefined = $derived(this.sections[this.sectionIndex]);

  constructor(caseId: string, initialSection?: string) {
    this.caseId = caseId;
    this.sectionId = initialSection ?? '';
  }

  evidenceFor(itemId: string): Evidence[] {
    return this.evidenceByItem.get(itemId) ?? NO_EVIDENCE;
  }

  /** The section an item belongs to. */
  sectionOf(itemId: string): string | undefined {
    return this.sections.find((s) => s.items.some((i) => i.id === itemId))?.id;
  }

  async load(): Promise<void> {
    this.loading = true;
    try {
      this.apply(await api.getCase(this.caseId));
      this.loadError = null;
      this.notFound = false;
      await this.loadScreening();
      await this.loadChecks();
    } catch (e) {
      const err = api.toApiError(e);
      this.loadError = err.message;
      this.notFound = err.code === 'not_found';
    } finally {
      this.loading = false;
    }
  }

  apply(view: CaseView): void {
    this.view = view;
    if (!view.sections.some((s) => s.id === this.sectionId)) {
      this.sectionId = view.sections[0]?.id ?? '';
    }
  }

  selectSection(id: string): void {
    if (this.sections.some((s) => s.id === id)) this.sectionId = id;
  }

  /** Runs a change after every earlier one has finished, and applies the view it returns. */
  #mutate(run: () => Promise<CaseView | null>): Promise<CaseView | null> {
    const next = this.#queue.then(run).then((view) => {
      if (view) this.apply(view);
      return view;
    });
    // Keep the queue going whether this change worked or not.
    this.#queue = next.catch(() => undefined);
    return next;
  }

  async setItem(itemId: string, outcome: Outcome | null, note: string | null): Promise<void> {
    await this.#mutate(() => api.setItem(this.caseId, itemId, outcome, note));
  }

  pickFile(): Promise<PickedFile | null> {
    return api.pickEvidenceFile();
  }

  async attachPicked(itemId: string, token: string, details: EvidenceDetails): Promise<void> {
    await this.#mutate(() => api.attachPickedFile(this.caseId, itemId, token, details));
  }

  async removeEvidence(evidenceId: string, reason: string): Promise<void> {
    await this.#mutate(() => api.removeEvidence(this.caseId, evidenceId, reason));
  }

  openEvidence(evidenceId: string): Promise<void> {
    return api.openEvidence(this.caseId, evidenceId);
  }

  saveEvidenceCopy(evidenceId: string): Promise<string | null> {
    return api.saveEvidenceCopy(this.caseId, evidenceId);
  }

  async addUrl(itemId: string, url: string, details: EvidenceDetails): Promise<void> {
    await this.#mutate(() => api.addEvidenceUrl(this.caseId, itemId, url, details));
  }

  history(itemId: string): Promise<AuditEvent[]> {
    return api.itemHistory(this.caseId, itemId);
  }

  /** Moves the case to a newer edition of its checklist (a recorded step). */
  async moveToEdition(version: number): Promise<void> {
    await this.#mutate(() => api.moveToEdition(this.caseId, version));
  }

  async decide(decision: Decision, rationale: string, reviewer: string): Promise<void> {
    await this.#mutate(() => api.decide(this.caseId, decision, rationale, reviewer));
  }

  async deletionImpact(): Promise<DeletionImpact> {
    // Wait for pending changes, so the numbers include them.
    await this.#queue;
    return api.deletionImpact(this.caseId);
  }

  async deleteCase(reason: string | null = null): Promise<void> {
    await this.#queue;
    await api.deleteCase(this.caseId, reason);
  }

  /** Proposals of the screening or the automated checks, by checklist item. */
  proposalFor(itemId: string): Proposal | undefined {
    return (
      this.screening?.proposals.find((p) => p.item_id === itemId) ??
      this.checks?.proposals.find((p) => p.item_id === itemId)
    );
  }

  /** Findings of the automated checks on one item, with the source of each. */
  findingsFor(itemId: string): { finding: Finding; sources: string[] }[] {
    const out: { finding: Finding; sources: string[] }[] = [];
    for (const r of this.checks?.results ?? []) {
      for (const f of r.findings) {
        if (f.item_id !== itemId) continue;
        out.push({
          finding: f,
          sources: r.evidence.map((e) => `${e.source_url} · retrieved ${e.retrieved_at} · SHA-256 ${e.sha256.slice(0, 16)}…`),
        });
      }
    }
    return out;
  }

  async loadChecks(): Promise<void> {
    try {
      this.checks = await api.getChecks(this.caseId);
      this.checksError = null;
    } catch (e) {
      this.checksError = api.toApiError(e).message;
    }
  }

  /** Runs every check, or only `only` (a retry); progress arrives per check. */
  async runChecks(only: string[] | null = null): Promise<void> {
    this.checksBusy = true;
    this.checkProgress = {};
    try {
      this.checks = await api.runChecks(this.caseId, only, (e) => {
        this.checkProgress = { ...this.checkProgress, [e.key]: e };
      });
      this.checksError = null;
    } catch (e) {
      this.checksError = api.toApiError(e).message;
    } finally {
      this.checksBusy = false;
    }
  }

  async loadScreening(): Promise<void> {
    await this.#screen(() => api.getScreening(this.caseId));
  }

  async screenAgain(): Promise<void> {
    await this.#screen(() => api.screenCase(this.caseId));
  }

  async dispose(list: string, entryId: string, disposition: Disposition, rationale: string): Promise<void> {
    await this.#screen(() => api.setDisposition(this.caseId, list, entryId, disposition, rationale), true);
  }

  async acknowledge(alertId: number): Promise<void> {
    await this.#screen(() => api.acknowledgeAlert(this.caseId, alertId));
  }

  /** Takes the proposed outcome, with the proposal's summary as the note. */
  async acceptProposal(p: Proposal): Promise<void> {
    await this.setItem(p.item_id, p.outcome, p.summary);
  }

  /** Runs a screening call; `rethrow` lets a form show the error beside its fields. */
  async #screen(run: () => Promise<ScreeningView>, rethrow = false): Promise<void> {
    this.screeningBusy = true;
    try {
      this.screening = await run();
      this.screeningError = null;
    } catch (e) {
      const err = api.toApiError(e);
      if (rethrow) throw err;
      this.screeningError = err.message;
    } finally {
      this.screeningBusy = false;
    }
  }

  /** Resolves once every change made so far has finished. */
  settled(): Promise<void> {
    return this.#queue.then(() => undefined);
  }
}
