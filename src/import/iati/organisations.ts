import type { RowProblem } from '../import.document';
import type { RawRow } from '../import.validator';
import { actorKindOf } from './codelists';
import { isIatiOrgIdentifier, shortHash, slug, toNodeId } from './ids';
import { clip, hasMarkup, markupReason } from './values';
import { attr, LineIndex, narrative } from './xml';

/**
 * Organisations. reporting-org, participating-org (roles 1-4), and the provider-org and
 * receiver-org of transactions become Actors: id = the org's `ref` when it is a valid node id
 * (IATI refs such as AA-AAA-123456789 are), else the ref slugified; an org with a name but no ref
 * gets `iati-org-<slug of name>`. orgRef = ref, iatiOrgType = @type, name = narrative, kind from
 * the OrganisationType code (10, 11, 15 public authority; 21-24 NGO; 40 international
 * organisation; 70-73 private firm; anything else OTHER). A well-formed ref is also the actor's
 * IATI identifier, by which the import resolves it to an actor that already holds it. An org
 * named several times is one row: what its own reporting-org says wins over a participating-org,
 * which wins over a transaction.
 *
 * Warnings, and the org is imported as the source gives it: a ref that is not a well-formed IATI
 * organisation identifier (see isIatiOrgIdentifier: "Not available", a name, a bare DAC code),
 * once per file and ref, at its first mention; a name with HTML markup in it (stored cleaned,
 * see common/names.ts), once per org, where the name was read.
 */

export const MENTION_RANK = { reportingOrg: 3, participatingOrg: 2, transactionOrg: 1 } as const;

export interface OrgMention {
  id: string;
  ref?: string;
  name?: string;
  type?: string;
  rank: number;
  file: string;
  location: string;
  sourceId: string;
}

/** Where an org element is read: for its location, its citation and its narrative's language. */
export interface MentionPlace {
  file: string;
  sourceId: string;
  lines: LineIndex;
  fallbackLine: number;
  lang: string | undefined;
}

export function orgMention(node: unknown, element: string, rank: number, at: MentionPlace): OrgMention | undefined {
  const ref = attr(node, 'ref');
  const name = clip(narrative(node, at.lang), 300);
  const type = attr(node, 'type');
  const id = ref ? toNodeId(ref) : name ? toNodeId(`iati-org-${slug(name) || shortHash(name)}`) : undefined;
  if (!id) return undefined;
  const line = at.lines.lineOf(node, at.fallbackLine);
  return { id, ref: clip(ref, 200), name, type, rank, file: at.file, location: `line ${line} <${element}>`, sourceId: at.sourceId };
}

/** Every mention of every org in one import, so that each org becomes one Actor row. */
export class Organisations {
  private readonly mentions = new Map<string, OrgMention[]>();

  mention(org: OrgMention | undefined): void {
    if (!org) return;
    const list = this.mentions.get(org.id) ?? [];
    list.push(org);
    this.mentions.set(org.id, list);
  }

  actorRows(): RawRow[] {
    return [...this.mentions.values()].map(actorRowOf);
  }

  warnings(): RowProblem[] {
    const warnings: RowProblem[] = [];
    const refs = new Map<string, { first: OrgMention; ref: string; count: number }>();
    for (const mentions of this.mentions.values()) {
      for (const mention of mentions) {
        if (mention.ref === undefined || isIatiOrgIdentifier(mention.ref)) continue;
        const key = `${mention.file}\u0000${mention.ref}`;
        const seen = refs.get(key);
        if (seen) seen.count++;
        else refs.set(key, { first: mention, ref: mention.ref, count: 1 });
      }
      const named = ranked(mentions).find((m) => m.name !== undefined);
      if (named?.name !== undefined && hasMarkup(named.name)) {
        warnings.push({ file: named.file, location: named.location, field: 'name', reason: markupReason(named.name) });
      }
    }
    for (const { first, ref, count } of refs.values()) {
      warnings.push({
        file: first.file,
        location: first.location,
        field: 'ref',
        reason:
          `"${ref}" is not a well-formed IATI organisation identifier (agency prefix, hyphen, number, no spaces: e.g. XM-DAC-46004); ` +
          `imported as given${count > 1 ? ` (${count} mentions in this file)` : ''}`,
      });
    }
    return warnings;
  }
}

function ranked(mentions: readonly OrgMention[]): OrgMention[] {
  return [...mentions].sort((a, b) => b.rank - a.rank);
}

function actorRowOf(mentions: readonly OrgMention[]): RawRow {
  const byRank = ranked(mentions);
  const first = byRank[0];
  const pick = <K extends 'ref' | 'name' | 'type'>(key: K) => byRank.find((m) => m[key] !== undefined)?.[key];
  const type = pick('type');
  const value: Record<string, unknown> = {
    id: first.id,
    name: pick('name') ?? pick('ref') ?? first.id,
    kind: actorKindOf(type),
    sourceIds: [...new Set(mentions.map((m) => m.sourceId))],
  };
  const ref = pick('ref');
  if (ref) value.orgRef = ref;
  if (ref && isIatiOrgIdentifier(ref)) value.identifiers = [{ scheme: 'IATI', value: ref }];
  if (type) value.iatiOrgType = type;
  return { section: 'actors', file: first.file, location: first.location, value };
}
