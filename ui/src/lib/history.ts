// Audit events in words: "Alice set outcome Pending → Pass", "Alice changed the note",
// "Alice attached scan.png". Payloads are untyped JSON, so every access is defensive.

import type { AuditEvent } from './api';
import { decisionWordOf, fieldLabel, outcomeWordOf } from './labels';

export interface HistoryLine {
  /** The sentence. */
  text: string;
  /** Extra text to show under it (a new note, an evidence note), possibly empty. */
  detail: string;
}

type Json = Record<string, unknown>;

function obj(v: unknown): Json | null {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : null;
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

function who(actor: string): string {
  return actor.trim() === '' ? 'Someone' : actor;
}

function joinWords(parts: string[]): string {
  if (parts.length <= 1) return parts.join('');
  return `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}

/** One audit event as a sentence a person can read. */
export function describeEvent(ev: AuditEvent): HistoryLine {
  const actor = who(ev.actor);
  const p = obj(ev.payload) ?? {};
  switch (ev.kind) {
    case 'item_updated': {
      const parts: string[] = [];
      let detail = '';
      const outcome = obj(p.outcome);
      if (outcome) {
        parts.push(`set outcome ${outcomeWordOf(outcome.from)} → ${outcomeWordOf(outcome.to)}`);
      }
      const note = obj(p.note);
      if (note) {
        const to = str(note.to);
        if (to === '') {
          parts.push('cleared the note');
        } else {
          parts.push('changed the note');
          detail = to;
        }
      }
      if (parts.length === 0) parts.push('updated the item');
      return { text: `${actor} ${joinWords(parts)}`, detail };
    }
    case 'evidence_added': {
      const name = str(p.name) || 'a file';
      const text =
        p.kind === 'url' ? `${actor} added the link ${name}` : `${actor} attached ${name}`;
      return { text, detail: str(p.note) };
    }
    case 'evidence_removed': {
      const name = str(p.name) || (p.kind === 'url' ? 'a link' : 'a file');
      const sha = str(p.sha256);
      const text = `${actor} took off ${name}${sha ? ` (SHA-256 ${sha.slice(0, 12)}…)` : ''}`;
      return { text, detail: str(p.reason) };
    }
    case 'case_opened':
      return { text: `${actor} opened the case`, detail: '' };
    case 'case_edited': {
      const changes = obj(p.changes);
      const names = changes ? Object.keys(changes).map((k) => fieldLabel(k).toLowerCase()) : [];
      const text =
        names.length > 0
          ? `${actor} edited the case details (${names.join(', ')})`
          : `${actor} edited the case details`;
      return { text, detail: '' };
    }
    case 'decision_recorded':
      return {
        text: `${actor} recorded the decision ${decisionWordOf(p.decision)}`,
        detail: str(p.rationale),
      };
    case 'case_deleted': {
      const name = str(p.display_name);
      return { text: name ? `${actor} deleted the case ‘${name}’` : `${actor} deleted a case`, detail: '' };
    }
    case 'screening_recorded': {
      const hits = Array.isArray(p.hits) ? p.hits.length : 0;
      const why = str(p.reason).replace(/_/g, ' ');
      const found = hits === 0 ? 'no potential matches' : `${hits} potential match${hits === 1 ? '' : 'es'}`;
      return { text: `Screened${why ? ` (${why})` : ''}: ${found}`, detail: '' };
    }
    case 'disposition_recorded': {
      const d = str(p.disposition).replace(/_/g, ' ');
      return { text: `${actor} marked ${str(p.name) || 'a potential match'} as ${d || 'reviewed'}`, detail: str(p.rationale) };
    }
    case 'alert_acknowledged':
      return { text: `${actor} acknowledged a screening alert`, detail: '' };
    default:
      return { text: `${actor} changed the record`, detail: '' };
  }
}
