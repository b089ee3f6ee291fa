// The tamper check's report in words for the records screen.

import type { AuditReport, ChainBreak, EvidenceProblem, RecordCheck, StateMismatch } from './api';
import { count } from './labels';

export interface VerifySummary {
  ok: boolean;
  headline: string;
  problems: string[];
}

function historyName(stream: string): string {
  return stream === 'global' ? 'The app-wide history' : `The history of case ${stream}`;
}

export function describeBreak(b: ChainBreak): string {
  switch (b.kind) {
    case 'altered':
      return `${historyName(b.stream)}: record ${b.seq} was altered after it was written.`;
    case 'unlinked':
      return `${historyName(b.stream)}: the chain breaks at record ${b.seq} (a record was removed or inserted).`;
    case 'head_mismatch':
      return (
        `${historyName(b.stream)}: ${b.found} records present but ${b.expected} were written ` +
        `(records were removed or added at the end).`
      );
  }
}

export function describeEvidenceProblem(p: EvidenceProblem): string {
  return `Evidence file ‘${p.name}’ (case ${p.case_id}): ${p.problem}.`.replace(/\.\.$/, '.');
}

export function describeMismatch(m: StateMismatch): string {
  const who = m.subject ? `${m.subject}, case ${m.case_id}` : `case ${m.case_id}`;
  return `${m.what} (${who}): ${m.problem}.`;
}

export function verifySummary(r: AuditReport): VerifySummary {
  const problems = [
    ...r.breaks.map(describeBreak),
    ...r.state_mismatches.map(describeMismatch),
    ...r.evidence_problems.map(describeEvidenceProblem),
    ...r.times_backwards.map((t) => `Time runs backwards: ${t}.`),
    ...r.anchors.flatMap((a) => a.problems.map((p) => `Against the anchor of ${a.created_at}: ${p}.`)),
  ];
  if (problems.length === 0 && r.events === 0) {
    return { ok: true, headline: 'Nothing is stored yet.', problems };
  }
  if (problems.length === 0) {
    const files = r.evidence_files > 0 ? `, ${count(r.evidence_files, 'attached file')} unchanged` : '';
    return {
      ok: true,
      // Cases and files are what a person counts; the number of recorded changes is
      // detail, given last.
      headline:
        `No tampering found: ${count(r.cases, 'case')} ${r.cases === 1 ? 'matches its' : 'match their'} history` +
        `${files} (${count(r.events, 'recorded change')} checked).`,
      problems,
    };
  }
  return {
    ok: false,
    headline:
      `${count(problems.length, 'problem')} found. Checked ${count(r.events, 'record')} in ` +
      `${count(r.chains, 'history', 'histories')} and ${count(r.evidence_files, 'attached file')}.`,
    problems,
  };
}

/** The verdict on a PDF record in one sentence; the signer, exporter and time are shown
 *  beside it, so a verified record needs no more than this. */
export function recordHeadline(c: RecordCheck): string {
  switch (c.status) {
    case 'verified':
      return `Verified: signed for ${c.signer}, unchanged since, and identical to the stored case.`;
    case 'not_compared':
      return `Signed for ${c.signer} and unchanged since; not compared with a stored case.`;
    default:
      return c.message;
  }
}
