import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { ID_PATTERN } from '../common/validation';
import type { ImportProblem, ReadResult, Section } from './import.document';
import type { RawRow } from './import.validator';

/**
 * IATI activity XML (2.0x) import. All files of one import are read together, because
 * activities point at each other across files (and publishers).
 *
 * Each file becomes a Source (kind DATASET, id `iati-file-<file name>`, title "<file> (<reporting
 * orgs>)"), and every row built from the file cites it.
 *
 * Organisations. reporting-org, participating-org (roles 1-4), and the provider-org and
 * receiver-org of transactions become Actors: id = the org's `ref` when it is a valid node id
 * (IATI refs such as AA-AAA-123456789 are), else the ref slugified; an org with a name but no ref
 * gets `iati-org-<slug of name>`. orgRef = ref, iatiOrgType = @type, name = narrative, kind from
 * the OrganisationType code (10, 11, 15 public authority; 21-24 NGO; 40 international
 * organisation; 70-73 private firm; anything else OTHER). An org named several times is one row:
 * what its own reporting-org says wins over a participating-org, which wins over a transaction.
 *
 * Activities. iati-activity becomes an Initiative of kind PROJECT: id = iati-identifier, name =
 * title, description = description type 1 (or the first), startDate = actual start (type 2) or
 * planned start (1), endDate = actual end (4) or planned end (3), budget = the sum of the revised
 * budgets (type 2) or else of the original ones, when they share one currency. Participating
 * orgs are linked by PARTICIPATES_IN with role funding, accountable, extending or implementing;
 * the reporting org, when it is not also a participant, with role reporting.
 *
 * Transactions of types 1 (Incoming Funds), 2 (Outgoing Commitment), 3 (Disbursement) and
 * 11 (Incoming Commitment) become FUNDS, with amount = value (currency from @currency, else the
 * activity's default-currency; rounded to cents), startDate = value-date (else
 * transaction-date), instrument = the type's name and description = the transaction's. Other
 * types (expenditure, interest, reimbursement, ...) are not flows between organisations and are
 * left out. FUNDS must start at an Actor, so:
 *
 * - funder: provider-org by ref; else the reporting org of its provider-activity-id, when that
 *   activity is in the files being imported; else provider-org by name; else the activity's
 *   reporting org (it spends its own activity's money; for incoming funds of unreported origin
 *   this says the publisher put them into the activity).
 * - recipient: receiver-org resolved the same way (ref, receiver-activity-id, name); else, for
 *   incoming funds and commitments, the reporting org (IATI defines them as received by the
 *   publisher for this activity); else the activity itself as an Initiative (money spent within
 *   the activity). When funder and recipient are the same org, the recipient is the activity.
 * - viaInitiativeId = the activity, unless the activity is the recipient.
 *
 * Across publishers. A flow is usually reported twice: as a disbursement (or commitment) by the
 * funder, with receiver-activity-id, and as incoming funds (or an incoming commitment) by the
 * recipient, with provider-activity-id. When a transaction names both its providing activity and
 * its receiving activity (its own activity fills in the side it reports), it gets an id derived
 * from (commitment or disbursement, providing activity, receiving activity, date, amount,
 * currency, and which occurrence of these it is), so both reports are ONE relationship: within
 * one import the funder's report is kept and cites both files; across imports the later one
 * updates it. Funder and recipient resolve to the same orgs from both sides (their refs, or the
 * activities' reporting orgs), so chains such as funder -> A's publisher -> B's publisher follow
 * FUNDS across files without counting the money twice. Amounts or dates that differ between the
 * two reports make two relationships. Other transactions get the id `iati-tx:<activity>:<n>`.
 * Activity ids resolve to orgs only within the files of one import: import related files
 * together.
 *
 * Rows are located as "line N <element>", e.g. "line 265 <transaction>".
 */

type ActorKindName = 'PUBLIC_AUTHORITY' | 'NGO' | 'INTERNATIONAL_ORGANISATION' | 'PRIVATE_FIRM' | 'OTHER';

const ORG_KIND: Record<string, ActorKindName> = {
  '10': 'PUBLIC_AUTHORITY',
  '11': 'PUBLIC_AUTHORITY',
  '15': 'PUBLIC_AUTHORITY',
  '21': 'NGO',
  '22': 'NGO',
  '23': 'NGO',
  '24': 'NGO',
  '30': 'OTHER',
  '40': 'INTERNATIONAL_ORGANISATION',
  '60': 'OTHER',
  '70': 'PRIVATE_FIRM',
  '71': 'PRIVATE_FIRM',
  '72': 'PRIVATE_FIRM',
  '73': 'PRIVATE_FIRM',
  '80': 'OTHER',
  '90': 'OTHER',
};

export function actorKindOf(orgType: string | undefined): ActorKindName {
  return (orgType && ORG_KIND[orgType]) || 'OTHER';
}

const PARTICIPATION_ROLES: Record<string, string> = {
  '1': 'funding',
  '2': 'accountable',
  '3': 'extending',
  '4': 'implementing',
};

const FLOW_TYPES: Record<string, { name: string; incoming: boolean; pair: 'commitment' | 'disbursement' }> = {
  '1': { name: 'Incoming Funds', incoming: true, pair: 'disbursement' },
  '2': { name: 'Outgoing Commitment', incoming: false, pair: 'commitment' },
  '3': { name: 'Disbursement', incoming: false, pair: 'disbursement' },
  '11': { name: 'Incoming Commitment', incoming: true, pair: 'commitment' },
};

// ---------------------------------------------------------------- ids and text

function shortHash(value: string): string {
  return createHash('sha1').update(value).digest('hex').slice(0, 16);
}

/** Keeps a valid node id as it is; otherwise replaces what the id pattern refuses and caps the length. */
export function toNodeId(raw: string): string {
  const trimmed = raw.trim();
  if (ID_PATTERN.test(trimmed)) return trimmed;
  let id = trimmed.replace(/[^A-Za-z0-9._:-]+/g, '-').replace(/^[^A-Za-z0-9]+/, '');
  if (id.length > 200) id = `${id.slice(0, 183)}-${shortHash(trimmed)}`;
  return id || `id-${shortHash(trimmed)}`;
}

export function slug(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 120);
}

function clip(value: string | undefined, max: number): string | undefined {
  if (value === undefined) return undefined;
  return value.length > max ? `${value.slice(0, max - 1)}…` : value;
}

// ---------------------------------------------------------------- XML access

type XmlNode = Record<string, unknown>;

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  captureMetaData: true,
  processEntities: true,
  htmlEntities: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
});
const META = XMLParser.getMetaDataSymbol() as unknown as symbol;

function arr(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

function attr(node: unknown, name: string): string | undefined {
  if (typeof node !== 'object' || node === null) return undefined;
  const value = (node as XmlNode)[`@${name}`];
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

function textOf(node: unknown): string | undefined {
  if (typeof node === 'string') return node.trim() || undefined;
  if (typeof node === 'number') return String(node);
  if (typeof node === 'object' && node !== null) {
    const value = (node as XmlNode)['#text'];
    if (typeof value === 'string' || typeof value === 'number') return String(value).trim() || undefined;
  }
  return undefined;
}

/** The narrative in the activity's language (or with no language), else the first one. */
function narrative(node: unknown, lang: string | undefined): string | undefined {
  if (typeof node !== 'object' || node === null) return textOf(node);
  const narratives = arr((node as XmlNode).narrative);
  if (narratives.length === 0) return textOf(node);
  const preferred = narratives.find((n) => {
    const own = attr(n, 'xml:lang');
    return own === undefined || own === lang;
  });
  return textOf(preferred ?? narratives[0]) ?? narratives.map(textOf).find(Boolean);
}

function isoDate(value: string | undefined): string | undefined {
  const match = value ? /^(\d{4}-\d{2}-\d{2})/.exec(value) : null;
  return match ? match[1] : undefined;
}

/** A decimal becomes a number rounded to cents; anything else goes on as text for the validator to refuse. */
function amountOf(value: string | undefined): number | string | undefined {
  if (value === undefined) return undefined;
  const compact = value.replace(/\s/g, '');
  if (!/^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(compact)) return value;
  return Math.round(Number(compact) * 100) / 100;
}

class LineIndex {
  private readonly breaks: number[] = [];

  constructor(text: string) {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.breaks.push(i);
  }

  lineOf(node: unknown, fallback: number): number {
    const meta = typeof node === 'object' && node !== null ? ((node as Record<symbol, { startIndex?: number }>)[META] ?? null) : null;
    const offset = meta?.startIndex;
    if (offset === undefined) return fallback;
    let low = 0;
    let high = this.breaks.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (this.breaks[mid] < offset) low = mid + 1;
      else high = mid;
    }
    return low + 1;
  }
}

// ---------------------------------------------------------------- parsed shapes

interface OrgMention {
  id: string;
  ref?: string;
  name?: string;
  type?: string;
  /** 3 reporting-org, 2 participating-org, 1 provider-org or receiver-org. */
  rank: number;
  file: string;
  location: string;
  sourceId: string;
}

interface ParsedActivity {
  rawId: string;
  id: string;
  line: number;
  node: XmlNode;
  lang: string | undefined;
  reportingOrg: OrgMention | undefined;
}

interface ParsedFile {
  file: string;
  sourceId: string;
  line: number;
  generated: string | undefined;
  lines: LineIndex;
  activities: ParsedActivity[];
}

export interface IatiDocument {
  /** Shown in locations and used for the Source id; the file's base name. */
  file: string;
  xml: string;
}

function sourceIdOf(file: string): string {
  return toNodeId(`iati-file-${slug(file.replace(/\.xml$/i, '')) || shortHash(file)}`);
}

function orgMention(
  node: unknown,
  element: string,
  rank: number,
  at: { file: string; sourceId: string; lines: LineIndex; fallbackLine: number; lang: string | undefined },
): OrgMention | undefined {
  const ref = attr(node, 'ref');
  const name = clip(narrative(node, at.lang), 300);
  const type = attr(node, 'type');
  const id = ref ? toNodeId(ref) : name ? toNodeId(`iati-org-${slug(name) || shortHash(name)}`) : undefined;
  if (!id) return undefined;
  const line = at.lines.lineOf(node, at.fallbackLine);
  return { id, ref: clip(ref, 200), name, type, rank, file: at.file, location: `line ${line} <${element}>`, sourceId: at.sourceId };
}

function parseFile(document: IatiDocument): ParsedFile {
  const validation = XMLValidator.validate(document.xml);
  if (validation !== true) {
    throw new Error(`${document.file} is not well-formed XML: line ${validation.err.line}: ${validation.err.msg}`);
  }
  const root = parser.parse(document.xml) as XmlNode;
  const activities = root['iati-activities'];
  if (typeof activities !== 'object' || activities === null) {
    const found = Object.keys(root).filter((key) => !key.startsWith('?'))[0];
    throw new Error(`${document.file} is not an IATI activity file: its root element is <${found ?? 'none'}>, expected <iati-activities>`);
  }
  const version = attr(activities, 'version');
  if (version && !version.startsWith('2.')) {
    throw new Error(`${document.file} is IATI version ${version}; only 2.0x activity files are supported`);
  }
  const lines = new LineIndex(document.xml);
  const rootLine = lines.lineOf(activities, 1);
  const sourceId = sourceIdOf(document.file);
  const parsed: ParsedActivity[] = [];
  for (const node of arr((activities as XmlNode)['iati-activity'])) {
    if (typeof node !== 'object' || node === null) continue;
    const activity = node as XmlNode;
    const line = lines.lineOf(activity, rootLine);
    const lang = attr(activity, 'xml:lang') ?? attr(activities, 'xml:lang');
    const rawId = textOf(arr(activity['iati-identifier'])[0]) ?? '';
    const reportingOrg = orgMention(arr(activity['reporting-org'])[0], 'reporting-org', 3, {
      file: document.file,
      sourceId,
      lines,
      fallbackLine: line,
      lang,
    });
    parsed.push({ rawId, id: rawId ? toNodeId(rawId) : '', line, node: activity, lang, reportingOrg });
  }
  return {
    file: document.file,
    sourceId,
    line: rootLine,
    generated: isoDate(attr(activities, 'generated-datetime')),
    lines,
    activities: parsed,
  };
}

// ---------------------------------------------------------------- rows

function budgetOf(activity: XmlNode, defaultCurrency: string | undefined): { amount: number | string; currency?: string } | undefined {
  const budgets = arr(activity.budget).map((budget) => {
    const value = arr((budget as XmlNode)?.value)[0];
    return { type: attr(budget, 'type') ?? '1', amount: amountOf(textOf(value)), currency: attr(value, 'currency') ?? defaultCurrency };
  });
  const revised = budgets.filter((budget) => budget.type === '2');
  const chosen = revised.length ? revised : budgets;
  if (chosen.length === 0) return undefined;
  const currencies = new Set(chosen.map((budget) => budget.currency));
  if (currencies.size > 1) return undefined;
  if (chosen.some((budget) => typeof budget.amount !== 'number')) return { amount: chosen[0].amount ?? '', currency: chosen[0].currency };
  const total = chosen.reduce((sum, budget) => sum + (budget.amount as number), 0);
  return { amount: Math.round(total * 100) / 100, currency: chosen[0].currency };
}

function initiativeOf(activity: ParsedActivity, sourceId: string): Record<string, unknown> {
  const node = activity.node;
  const dates = new Map<string, string>();
  for (const date of arr(node['activity-date'])) {
    const type = attr(date, 'type');
    const value = isoDate(attr(date, 'iso-date'));
    if (type && value && !dates.has(type)) dates.set(type, value);
  }
  const descriptions = arr(node.description);
  const general = descriptions.find((d) => (attr(d, 'type') ?? '1') === '1') ?? descriptions[0];
  const value: Record<string, unknown> = {
    id: activity.id,
    name: clip(narrative(arr(node.title)[0], activity.lang), 300) ?? clip(activity.rawId, 300),
    kind: 'PROJECT',
    description: clip(narrative(general, activity.lang), 5000),
    startDate: dates.get('2') ?? dates.get('1'),
    endDate: dates.get('4') ?? dates.get('3'),
    budget: budgetOf(node, attr(node, 'default-currency')),
    sourceIds: [sourceId],
  };
  for (const key of Object.keys(value)) if (value[key] === undefined) delete value[key];
  return value;
}

interface FlowRow extends RawRow {
  value: Record<string, unknown> & { sourceIds: string[] };
  /** Which side of a paired flow reported this row. */
  side?: 'provider' | 'receiver';
}

/** Reads the IATI activity files of one import together; see the module comment for the mapping. */
export function iatiRows(documents: readonly IatiDocument[]): ReadResult {
  const files = documents.map(parseFile);
  const problems: ImportProblem[] = [];
  const problem = (file: string, location: string, section: Section, field: string, reason: string) =>
    problems.push({ file, location, section, field, reason });

  const publisherOf = new Map<string, string>();
  for (const file of files) {
    for (const activity of file.activities) {
      if (activity.rawId && activity.reportingOrg && !publisherOf.has(activity.rawId)) {
        publisherOf.set(activity.rawId, activity.reportingOrg.id);
      }
    }
  }

  const sources: RawRow[] = [];
  const initiatives: RawRow[] = [];
  const links: RawRow[] = [];
  const linkIds = new Set<string>();
  const flows = new Map<string, FlowRow>();
  const mentions = new Map<string, OrgMention[]>();
  const mention = (org: OrgMention | undefined) => {
    if (!org) return;
    const list = mentions.get(org.id) ?? [];
    list.push(org);
    mentions.set(org.id, list);
  };
  const occurrences = new Map<string, number>();

  for (const file of files) {
    const reporters = [...new Set(file.activities.map((a) => a.reportingOrg?.name ?? a.reportingOrg?.ref).filter(Boolean))];
    const reporterText = reporters.slice(0, 3).join(', ') + (reporters.length > 3 ? `, and ${reporters.length - 3} more` : '');
    sources.push({
      section: 'sources',
      file: file.file,
      location: `line ${file.line} <iati-activities>`,
      value: {
        id: file.sourceId,
        title: clip(reporterText ? `${file.file} (${reporterText})` : file.file, 500),
        kind: 'DATASET',
        ...(reporterText ? { publisher: clip(reporterText, 300) } : {}),
        ...(file.generated ? { date: file.generated } : {}),
      },
    });

    for (const activity of file.activities) {
      const at = { file: file.file, sourceId: file.sourceId, lines: file.lines, fallbackLine: activity.line, lang: activity.lang };
      const activityLocation = `line ${activity.line} <iati-activity>`;
      if (!activity.rawId) {
        problem(file.file, activityLocation, 'initiatives', 'iati-identifier', 'is missing, so the activity cannot be imported');
        continue;
      }
      initiatives.push({ section: 'initiatives', file: file.file, location: activityLocation, value: initiativeOf(activity, file.sourceId) });
      const reporting = activity.reportingOrg;
      mention(reporting);

      const participants = new Set<string>();
      for (const node of arr(activity.node['participating-org'])) {
        const role = PARTICIPATION_ROLES[attr(node, 'role') ?? ''];
        const org = orgMention(node, 'participating-org', 2, at);
        if (!org) {
          const line = file.lines.lineOf(node, activity.line);
          problem(file.file, `line ${line} <participating-org>`, 'actors', 'ref', 'has neither a ref nor a name');
          continue;
        }
        mention(org);
        participants.add(org.id);
        if (!role) continue;
        const id = toNodeId(`iati-part:${activity.rawId}:${org.id}:${role}`);
        if (linkIds.has(id)) continue;
        linkIds.add(id);
        links.push({
          section: 'relationships',
          file: file.file,
          location: `${org.location} PARTICIPATES_IN`,
          value: { id, type: 'PARTICIPATES_IN', fromId: org.id, toId: activity.id, role, sourceIds: [file.sourceId] },
        });
      }
      if (reporting && !participants.has(reporting.id)) {
        links.push({
          section: 'relationships',
          file: file.file,
          location: `${reporting.location} PARTICIPATES_IN`,
          value: {
            id: toNodeId(`iati-part:${activity.rawId}:${reporting.id}:reporting`),
            type: 'PARTICIPATES_IN',
            fromId: reporting.id,
            toId: activity.id,
            role: 'reporting',
            sourceIds: [file.sourceId],
          },
        });
      }

      const defaultCurrency = attr(activity.node, 'default-currency');
      arr(activity.node.transaction).forEach((node, index) => {
        const transaction = node as XmlNode;
        const flow = FLOW_TYPES[attr(arr(transaction['transaction-type'])[0], 'code') ?? ''];
        if (!flow) return;
        const line = file.lines.lineOf(transaction, activity.line);
        const location = `line ${line} <transaction>`;
        const providerNode = arr(transaction['provider-org'])[0];
        const receiverNode = arr(transaction['receiver-org'])[0];
        const providerActivityAttr = attr(providerNode, 'provider-activity-id');
        const receiverActivityAttr = attr(receiverNode, 'receiver-activity-id');
        const resolve = (orgNode: unknown, element: string, activityId: string | undefined): string | undefined => {
          const ref = attr(orgNode, 'ref');
          const byActivity = activityId ? publisherOf.get(activityId) : undefined;
          if (!ref && byActivity) return byActivity;
          const org = orgMention(orgNode, element, 1, at);
          mention(org);
          return org?.id;
        };
        const funder = resolve(providerNode, 'provider-org', providerActivityAttr) ?? reporting?.id;
        if (!funder) {
          problem(file.file, location, 'relationships', 'provider-org', 'has no ref or name, and the activity has no reporting-org to fall back on');
          return;
        }
        let recipient = resolve(receiverNode, 'receiver-org', receiverActivityAttr) ?? (flow.incoming ? reporting?.id : undefined);
        if (!recipient || recipient === funder) recipient = activity.id;

        const value = arr(transaction.value)[0];
        const amount = amountOf(textOf(value));
        const currency = attr(value, 'currency') ?? defaultCurrency;
        const date = isoDate(attr(value, 'value-date')) ?? isoDate(attr(arr(transaction['transaction-date'])[0], 'iso-date'));
        const description = clip(narrative(arr(transaction.description)[0], activity.lang), 5000);

        const providingActivity = providerActivityAttr ?? (flow.incoming ? undefined : activity.rawId);
        const receivingActivity = receiverActivityAttr ?? (flow.incoming ? activity.rawId : undefined);
        const side = flow.incoming ? 'receiver' : 'provider';
        let id: string;
        let paired = false;
        if (providingActivity && receivingActivity && providingActivity !== receivingActivity) {
          const key = [flow.pair, providingActivity, receivingActivity, date ?? '', String(amount ?? ''), currency ?? ''].join('|');
          const occurrence = (occurrences.get(`${side}|${key}`) ?? 0) + 1;
          occurrences.set(`${side}|${key}`, occurrence);
          id = `iati-flow:${shortHash(`${key}|${occurrence}`)}`;
          paired = true;
        } else {
          id = toNodeId(`iati-tx:${activity.rawId}:${index + 1}`);
        }

        const row: FlowRow = {
          section: 'relationships',
          file: file.file,
          location,
          side: paired ? side : undefined,
          value: {
            id,
            type: 'FUNDS',
            fromId: funder,
            toId: recipient,
            sourceIds: [file.sourceId],
            ...(amount !== undefined || currency !== undefined ? { amount: { amount, currency } } : {}),
            ...(date ? { startDate: date } : {}),
            instrument: flow.name,
            ...(recipient !== activity.id ? { viaInitiativeId: activity.id } : {}),
            ...(description ? { description } : {}),
          },
        };
        const earlier = flows.get(id);
        if (!earlier) {
          flows.set(id, row);
          return;
        }
        // The same flow reported by its funder and by its recipient: keep the funder's report, cite both.
        const sourceIds = [...new Set([...earlier.value.sourceIds, ...row.value.sourceIds])];
        const kept = earlier.side === 'receiver' && row.side === 'provider' ? row : earlier;
        kept.value.sourceIds = sourceIds;
        flows.set(id, kept);
      });
    }
  }

  const actors: RawRow[] = [...mentions.values()].map((list) => {
    const ranked = [...list].sort((a, b) => b.rank - a.rank);
    const first = ranked[0];
    const pick = <K extends 'ref' | 'name' | 'type'>(key: K) => ranked.find((m) => m[key] !== undefined)?.[key];
    const type = pick('type');
    const value: Record<string, unknown> = {
      id: first.id,
      name: pick('name') ?? pick('ref') ?? first.id,
      kind: actorKindOf(type),
      sourceIds: [...new Set(list.map((m) => m.sourceId))],
    };
    const ref = pick('ref');
    if (ref) value.orgRef = ref;
    if (type) value.iatiOrgType = type;
    return { section: 'actors', file: first.file, location: first.location, value };
  });

  const flowRows = [...flows.values()].map(({ side: _side, ...row }) => row);
  return { rows: [...sources, ...actors, ...initiatives, ...links, ...flowRows], problems };
}

export async function readIatiRows(files: readonly string[]): Promise<ReadResult> {
  const documents = await Promise.all(
    files.map(async (file) => ({ file: path.basename(file), xml: await readFile(file, 'utf8') })),
  );
  return iatiRows(documents);
}
