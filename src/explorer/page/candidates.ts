/**
 * "Possible duplicates" in an actor's side panel: the pairs duplicateCandidates offers for the
 * actor, with their score and reasons, the open merge proposal of each pair, and, with an editor
 * key, the buttons that propose folding a candidate into the actor or accept or reject a proposal.
 * Everything the API sends is put on the page as text.
 */
import { ACTOR_CANDIDATES_QUERY, DECIDE_MERGE_MUTATION, OPEN_PROPOSALS_READ, PROPOSE_MERGE_MUTATION } from '../queries';
import { gql, storedApiKey } from './api';
import { element } from './dom';
import { state } from './state';
import { ActorRef, DuplicateCandidateInfo, MergeProposalInfo } from './types';

export interface CandidateActions {
  /** Draws the whole panel of this actor again, from the network now on screen. */
  refreshPanel(): void;
  centreOn(id: string, label: string): void;
  /** Loads the view on screen again, from the API. */
  reloadView(): Promise<void>;
}

interface CandidatesData {
  duplicateCandidates: DuplicateCandidateInfo[];
  mergeProposals: { totalCount: number; edges: { node: MergeProposalInfo }[] };
}

/** One line of the section: a candidate, or an open proposal whose pair is no candidate (now). */
interface Entry {
  other: { id: string; name: string | null };
  score: number | null;
  reasons: string[];
  proposal: MergeProposalInfo | null;
}

interface DecidedMerge {
  decideMerge: { id: string; state: string; keepId: string; mergeId: string; auditEntryId: string | null };
}

const NEEDS_EDITOR_KEY = 'Proposing or deciding a merge needs an editor API key: enter it under "API key" at the top of the page.';

function samePair(proposal: MergeProposalInfo, x: string, y: string): boolean {
  return (proposal.keepId === x && proposal.mergeId === y) || (proposal.keepId === y && proposal.mergeId === x);
}

function entriesOf(actorId: string, data: CandidatesData): Entry[] {
  const proposals = data.mergeProposals.edges.map((edge) => edge.node);
  const matched = new Set<string>();
  const entries: Entry[] = data.duplicateCandidates.map((candidate) => {
    const other = candidate.a.id === actorId ? candidate.b : candidate.a;
    const proposal = proposals.find((open) => samePair(open, actorId, other.id)) ?? null;
    if (proposal) matched.add(proposal.id);
    return { other, score: candidate.score, reasons: candidate.reasons, proposal };
  });
  // A proposal made for a pair scored below the threshold (or beyond the first candidates) still waits for a decision.
  for (const proposal of proposals) {
    if (matched.has(proposal.id)) continue;
    const kept = proposal.keepId === actorId;
    const other: ActorRef | null = kept ? proposal.merged : proposal.keep;
    entries.push({ other: { id: kept ? proposal.mergeId : proposal.keepId, name: other?.name ?? null }, score: proposal.score, reasons: proposal.reasons, proposal });
  }
  return entries;
}

/** The API's own words, with what to do when it is the key that is missing or too weak. */
function refusal(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return /needs an API key|needs the editor role/.test(message) ? `${message}. ${NEEDS_EDITOR_KEY}` : message;
}

function nameOf(actor: ActorRef | null, id: string): string {
  return actor ? `\u201c${actor.name}\u201d` : id;
}

function proposalLine(proposal: MergeProposalInfo): HTMLElement {
  const when = proposal.proposedAt.slice(0, 10);
  const line = element('p', `Open proposal: merge ${nameOf(proposal.merged, proposal.mergeId)} into ${nameOf(proposal.keep, proposal.keepId)}, by ${proposal.proposedBy} on ${when}`, {
    class: 'proposal',
    'data-keep': proposal.keepId,
    'data-merge': proposal.mergeId,
  });
  return line;
}

/**
 * Appends the section to the panel and fills it when the API answers: the rest of the panel is
 * on screen already and waits for nothing. Never throws: a failure is a message in the section.
 */
export function showCandidates(panel: HTMLElement, actor: { id: string; label: string }, actions: CandidateActions): Promise<void> {
  const section = element('section', undefined, { class: 'candidates', 'aria-label': 'Possible duplicates' });
  panel.append(section);
  return new CandidatesSection(section, actor, actions).load();
}

class CandidatesSection {
  /** Answers to earlier loads that arrive late must not replace the latest list. */
  private ticket = 0;
  private busy = false;

  constructor(
    private readonly section: HTMLElement,
    private readonly actor: { id: string; label: string },
    private readonly actions: CandidateActions,
  ) {}

  /** Gone from the page: the panel now shows another node, or was drawn again. */
  private get gone(): boolean {
    return !this.section.isConnected;
  }

  async load(): Promise<void> {
    const ticket = ++this.ticket;
    this.section.dataset.state = 'loading';
    this.section.replaceChildren(element('h3', 'Possible duplicates'), element('p', 'Looking for likely duplicates\u2026', { class: 'meta' }));
    let data: CandidatesData;
    try {
      data = await gql<CandidatesData>(ACTOR_CANDIDATES_QUERY, { id: this.actor.id });
    } catch (error) {
      if (ticket !== this.ticket || this.gone) return;
      this.section.dataset.state = 'error';
      this.section.replaceChildren(
        element('h3', 'Possible duplicates'),
        element('p', `Possible duplicates could not be loaded: ${error instanceof Error ? error.message : String(error)}`, { class: 'error', role: 'alert' }),
      );
      return;
    }
    if (ticket !== this.ticket || this.gone) return;
    this.render(data);
  }

  private render(data: CandidatesData): void {
    const entries = entriesOf(this.actor.id, data);
    this.section.dataset.state = 'ready';
    this.section.replaceChildren(element('h3', `Possible duplicates (${entries.length})`));
    if (entries.length === 0) {
      this.section.append(element('p', 'No likely duplicate', { class: 'meta empty' }));
      return;
    }
    const list = element('ul', undefined, { class: 'candidate-list' });
    entries.forEach((entry) => list.append(this.item(entry)));
    this.section.append(list);
    const unread = data.mergeProposals.totalCount - Math.min(data.mergeProposals.edges.length, OPEN_PROPOSALS_READ);
    if (unread > 0) this.section.append(element('p', `${unread} more open proposals about this actor are not shown`, { class: 'meta' }));
  }

  private item(entry: Entry): HTMLLIElement {
    const item = element('li', undefined, { class: 'candidate', 'data-id': entry.other.id });
    if (entry.proposal) item.dataset.proposal = entry.proposal.id;
    const head = element('div', undefined, { class: 'candidate-head' });
    head.append(element('strong', entry.other.name ?? entry.other.id, { class: 'candidate-name' }), element('span', ` (${entry.other.id})`, { class: 'meta candidate-id' }));
    head.append(element('span', entry.score === null ? 'not scored' : `score ${entry.score.toFixed(2)}`, { class: 'score' }));
    item.append(head);
    if (entry.reasons.length) {
      const reasons = element('ul', undefined, { class: 'reasons' });
      for (const reason of entry.reasons) reasons.append(element('li', reason, reason.startsWith('against:') ? { class: 'against' } : {}));
      item.append(reasons);
    }
    if (entry.proposal) {
      item.append(proposalLine(entry.proposal));
      if (entry.proposal.note) item.append(element('blockquote', entry.proposal.note, { class: 'proposal-note' }));
    }

    const note = element('input', undefined, {
      type: 'text',
      class: 'candidate-note',
      maxlength: '2000',
      autocomplete: 'off',
      placeholder: entry.proposal ? 'Decision note (optional)' : 'Note (optional)',
      'aria-label': entry.proposal ? 'Decision note' : 'Proposal note',
    });
    const buttons = element('div', undefined, { class: 'candidate-actions' });
    const message = element('p', undefined, { class: 'error', role: 'alert', hidden: '' });
    const noteText = () => note.value.trim() || null;
    if (entry.proposal) {
      const proposal = entry.proposal;
      const accept = element('button', 'Accept', { type: 'button', class: 'accept', title: `Merge ${nameOf(proposal.merged, proposal.mergeId)} into ${nameOf(proposal.keep, proposal.keepId)} now` });
      const reject = element('button', 'Reject', { type: 'button', class: 'reject', title: 'Not the same actor: the pair is never offered again' });
      accept.addEventListener('click', () => void this.decide(proposal, true, noteText(), message));
      reject.addEventListener('click', () => void this.decide(proposal, false, noteText(), message));
      buttons.append(accept, reject);
    } else {
      const propose = element('button', 'Propose merge into this actor', { type: 'button', class: 'propose', title: `Keep ${this.actor.label}, fold ${entry.other.name ?? entry.other.id} into it` });
      propose.addEventListener('click', () => void this.propose(entry.other.id, noteText(), message));
      buttons.append(propose);
    }
    item.append(note, buttons, message);
    return item;
  }

  /** Runs one write with every button of the section disabled; false when it was refused (and says why). */
  private async write<T>(message: HTMLElement, send: () => Promise<T>): Promise<T | null> {
    if (this.busy) return null;
    message.hidden = true;
    if (!storedApiKey()) {
      message.textContent = NEEDS_EDITOR_KEY;
      message.hidden = false;
      return null;
    }
    this.busy = true;
    this.setDisabled(true);
    try {
      return await send();
    } catch (error) {
      message.textContent = refusal(error);
      message.hidden = false;
      return null;
    } finally {
      this.busy = false;
      this.setDisabled(false);
    }
  }

  private setDisabled(disabled: boolean): void {
    this.section.querySelectorAll<HTMLButtonElement | HTMLInputElement>('button, input').forEach((control) => (control.disabled = disabled));
  }

  private async propose(mergeId: string, note: string | null, message: HTMLElement): Promise<void> {
    const made = await this.write(message, () => gql(PROPOSE_MERGE_MUTATION, { keepId: this.actor.id, mergeId, note }));
    if (made && !this.gone) await this.load();
  }

  private async decide(proposal: MergeProposalInfo, accept: boolean, note: string | null, message: HTMLElement): Promise<void> {
    const decided = await this.write(message, () => gql<DecidedMerge>(DECIDE_MERGE_MUTATION, { id: proposal.id, accept, note }));
    if (!decided || this.gone) return;
    if (!accept) {
      await this.load();
      return;
    }
    await this.afterMerge(decided.decideMerge.keepId, decided.decideMerge.mergeId, proposal.keep?.name ?? decided.decideMerge.keepId);
  }

  /** The merged actor no longer exists: the view on screen may hold it, and the panel may be about it. */
  private async afterMerge(keepId: string, mergeId: string, keepLabel: string): Promise<void> {
    if (mergeId === this.actor.id || state.centre?.id === mergeId) {
      // The panel's actor, or the view's centre, is gone: the view moves to the actor that took it over.
      this.actions.centreOn(keepId, keepLabel);
      return;
    }
    if (state.network?.nodes.some((node) => node.id === mergeId)) {
      await this.actions.reloadView();
      if (!this.gone) this.actions.refreshPanel();
      return;
    }
    await this.load();
  }
}
