import { readFileSync } from 'node:fs';
import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { Decimal } from 'decimal.js';
import { gql } from 'graphql-request';
import { main } from '../../src/import/cli';
import { startTestServer, TestServer } from '../support/server';
import { sharedFixture } from '../support/shared-fixtures';

/*
 * The real IATI files of ../shared/fixtures/iati-real, imported as a user would (the import CLI
 * with its defaults, in process, over the test run's Neo4j), then asked over HTTP how much went
 * from one organisation to another in each stage. The expected totals are computed here, from
 * the raw XML, with fast-xml-parser and decimal.js: nothing of src/import reads the files for the
 * test.
 *
 * Only transactions whose pair of organisations the XML states outright are checked, so that this
 * does not re-implement the importer:
 * - provider-org/@ref and receiver-org/@ref both well-formed IATI organisation identifiers (any
 *   transaction type): funder = provider, recipient = receiver;
 * - an outgoing transaction (2 commitment, 3 disbursement, 4 expenditure) whose provider is the
 *   reporting org (no provider-org, or provider-org/@ref = the reporting org's ref), to a
 *   receiver-org with a well-formed ref, or to a receiver-org with no ref but one name (and no
 *   receiver-activity-id naming an activity of the fixtures): USAID names every recipient so;
 * - incoming funds or an incoming commitment (1, 11) from a well-formed provider-org/@ref with no
 *   receiver-org: received by the reporting org.
 * Node ids: a well-formed ref is a valid node id, so the importer keeps it as it is (toNodeId in
 * src/import/iati/ids.ts leaves valid ids unchanged): the refs are used as given, except those
 * that another actor holds as its identifier (RESOLVED below). An org named without a ref is
 * `iati-org-<slug of its name>` (the importer's documented rule, restated in `slug` below).
 *
 * A pair and stage is left out when some other transaction of the fixtures could also resolve to
 * it (a counterpart named only by name, by an activity id, or by a malformed ref), when the same
 * pair and stage occurs in another fixture file (the test database is shared, and each file is
 * imported here and by import-iati-real.int.test.ts, so links of every file may be there), or
 * when its counted transactions are in several currencies. For the others, the expected total
 * follows the rule "the funder's own reports win": when the funder (as the reporting org)
 * reported the pair in that stage, only its reports count; else every report of the pair does.
 *
 * Then the three d-portal pages are imported together (one CLI run), as related files should be:
 * FCDO's disbursements to the Danish Refugee Council (page 26) are also reported by DRC as
 * incoming funds (page 15, other value dates), and DRC's money reaches Ground Truth Solutions
 * (page 6). The totals of every pair reported in more than one page, and the FCDO -> DRC -> GTS
 * chain, must count each flow once: on the funder's reports.
 */

const FIXTURES = ['usg-usaid-mg.xml', 'hdx-saved-dportal_6.xml', 'hdx-saved-dportal_15.xml', 'hdx-saved-dportal_26.xml'] as const;
type FixtureName = (typeof FIXTURES)[number];
/** Pairs queried one by one per file: the largest by number of transactions, across stages. */
const SAMPLE = 15;
const IMPORT_TIMEOUT = 600_000;

const D = Decimal.clone({ precision: 100 });
const exactText = (value: Decimal) => (value.isZero() ? '0' : value.toFixed());

// ---------------------------------------------------------------------------------------------
// The XML, read independently of the importer
// ---------------------------------------------------------------------------------------------

type Stage = 'COMMITTED' | 'DISBURSED' | 'SPENT';
/** IATI TransactionType code -> funding stage (src/relationships/transaction-type.ts); the other codes are in no stage. */
const STAGE_OF_CODE: Record<string, Stage> = { '1': 'DISBURSED', '3': 'DISBURSED', '2': 'COMMITTED', '11': 'COMMITTED', '4': 'SPENT' };
const OUTGOING = new Set(['2', '3', '4']);
const INCOMING = new Set(['1', '11']);
const WELL_FORMED_ORG = /^[A-Z]{2}(-[A-Za-z0-9]+)+$/;
/** Any id: a counterpart named by an activity id of the fixtures, which the importer resolves to that activity's publisher. */
const ANY = '*';

type XmlNode = Record<string, unknown> & { [key: symbol]: { startIndex?: number } | undefined };
const ARRAYS = new Set(['iati-activity', 'iati-identifier', 'reporting-org', 'transaction', 'transaction-type', 'value', 'provider-org', 'receiver-org', 'narrative']);
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  alwaysCreateTextNode: true,
  isArray: (name, _path, _leaf, isAttribute) => !isAttribute && ARRAYS.has(name),
  captureMetaData: true,
});
const META = XMLParser.getMetaDataSymbol() as unknown as symbol;

const list = (node: unknown, key: string): XmlNode[] => ((node as XmlNode | undefined)?.[key] as XmlNode[] | undefined) ?? [];
const first = (node: unknown, key: string): XmlNode | undefined => list(node, key)[0];
function attribute(node: XmlNode | undefined, name: string): string | undefined {
  const value = node?.[`@${name}`];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}
const text = (node: XmlNode | undefined): string | undefined => {
  const value = node?.['#text'];
  return typeof value === 'string' && value !== '' ? value : undefined;
};
const names = (org: XmlNode | undefined) => list(org, 'narrative').map(text).filter((name): name is string => name !== undefined);
/** The id the importer gives an org named without a ref (src/import/iati/ids.ts `slug`, organisations.ts). */
function slug(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 120);
}
const namedId = (name: string) => `iati-org-${slug(name)}`;
/**
 * Refs whose organisation is an actor of another id: the import resolves an org to the actor that
 * holds its identifier. The seeds' `undp` holds XM-DAC-41114; GB-1 is FCDO's previous identifier
 * (page 26 says so in other-identifier type B1), one identifier with GB-GOV-1, whose row page 15
 * also has; a D-U-N-S number has nine digits, and USAID writes CARE's both with and without its
 * leading zeros.
 */
const RESOLVED: Readonly<Record<string, string>> = { 'XM-DAC-41114': 'undp', 'GB-1': 'GB-GOV-1', 'XI-DUNS-1793082': 'XI-DUNS-001793082' };
const actorOf = (ref: string) => RESOLVED[ref] ?? ref;
/** Roughly what a malformed ref becomes as a node id: only to tell whether it might collide with a checked pair. */
const roughId = (ref: string) => ref.replace(/[^A-Za-z0-9._:-]+/g, '-').replace(/^[^A-Za-z0-9]+/, '');

interface Transaction {
  file: FixtureName;
  /** Offset of <transaction> in the file, for its line in failure messages. */
  offset: number;
  reporter: string | undefined;
  code: string;
  stage: Stage;
  amount: string;
  currency: string | undefined;
  /** Funder and recipient as the XML states them, when it states them outright. */
  pair?: [funder: string, recipient: string];
  /** Otherwise, every id the importer might give each side (ANY for all). */
  funders: string[];
  recipients: string[];
}

interface Fixture {
  name: FixtureName;
  xml: string;
  activities: XmlNode[];
  lineAt(offset: number): number;
}

function readFixture(name: FixtureName): Fixture {
  const xml = readFileSync(sharedFixture(`iati-real/${name}`), 'utf8');
  const root = parser.parse(xml) as XmlNode;
  const breaks: number[] = [];
  for (let i = xml.indexOf('\n'); i >= 0; i = xml.indexOf('\n', i + 1)) breaks.push(i);
  return {
    name,
    xml,
    activities: list(root['iati-activities'], 'iati-activity'),
    lineAt(offset) {
      let low = 0;
      let high = breaks.length;
      while (low < high) {
        const mid = (low + high) >> 1;
        if (breaks[mid] < offset) low = mid + 1;
        else high = mid;
      }
      return low + 1;
    },
  };
}

function transactionsOf(fixture: Fixture, activityIds: ReadonlySet<string>): Transaction[] {
  const transactions: Transaction[] = [];
  for (const activity of fixture.activities) {
    const reporterRef = attribute(first(activity, 'reporting-org'), 'ref');
    const reporter = reporterRef === undefined ? undefined : actorOf(reporterRef);
    const activityId = text(first(activity, 'iati-identifier'))?.trim();
    const reporterIsOrg = reporterRef !== undefined && WELL_FORMED_ORG.test(reporterRef);
    for (const transaction of list(activity, 'transaction')) {
      const code = attribute(first(transaction, 'transaction-type'), 'code') ?? '';
      const stage = STAGE_OF_CODE[code];
      const value = first(transaction, 'value');
      const amount = text(value)?.trim();
      if (!stage || amount === undefined) continue; // in no stage; a missing value fails the import itself
      const provider = first(transaction, 'provider-org');
      const receiver = first(transaction, 'receiver-org');
      const providerRef = attribute(provider, 'ref');
      const receiverRef = attribute(receiver, 'ref');
      const providerActivity = attribute(provider, 'provider-activity-id');
      const receiverActivity = attribute(receiver, 'receiver-activity-id');

      let funder: string | undefined;
      if (providerRef) funder = WELL_FORMED_ORG.test(providerRef) ? actorOf(providerRef) : undefined;
      else if (!provider && OUTGOING.has(code) && reporterIsOrg) funder = reporter;
      let recipient: string | undefined;
      if (receiverRef) recipient = WELL_FORMED_ORG.test(receiverRef) ? actorOf(receiverRef) : undefined;
      else if (receiver) {
        const named = names(receiver);
        const byName = OUTGOING.has(code) && funder !== undefined && funder === reporter;
        if (byName && !(receiverActivity && activityIds.has(receiverActivity)) && named.length === 1 && named[0].length <= 300 && slug(named[0])) {
          recipient = namedId(named[0]);
        }
      } else if (INCOMING.has(code) && providerRef && reporterIsOrg) recipient = reporter;

      transactions.push({
        file: fixture.name,
        offset: (transaction[META] as { startIndex?: number } | undefined)?.startIndex ?? 0,
        reporter,
        code,
        stage,
        amount,
        currency: attribute(value, 'currency') ?? attribute(activity, 'default-currency'),
        pair: funder && recipient && funder !== recipient ? [funder, recipient] : undefined,
        funders: providerRef
          ? [roughId(actorOf(providerRef))]
          : providerActivity && activityIds.has(providerActivity)
            ? [ANY]
            : [reporter ?? '', ...names(provider).map(namedId)],
        recipients: receiverRef
          ? [roughId(actorOf(receiverRef))]
          : receiverActivity && activityIds.has(receiverActivity)
            ? [ANY]
            : [reporter ?? '', activityId ?? '', ...names(receiver).map(namedId)],
      });
    }
  }
  return transactions;
}

interface ExpectedTotal {
  funder: string;
  recipient: string;
  stage: Stage;
  currency: string;
  exact: string;
  flows: number;
  /** The transactions counted, for the failure message. */
  counted: Transaction[];
  /** How many transactions of the pair and stage were not counted (the recipient's, when the funder reported). */
  notCounted: number;
  /** The files the pair and stage is reported in. */
  files: Set<FixtureName>;
}

let corpus: { fixtures: Map<FixtureName, Fixture>; transactions: Transaction[] } | undefined;
/** All four files, read once: whether a pair is unambiguous depends on every file that may be in the database. */
function readCorpus() {
  if (!corpus) {
    const fixtures = new Map(FIXTURES.map((name) => [name, readFixture(name)] as const));
    const activityIds = new Set(
      [...fixtures.values()].flatMap((f) => f.activities.map((a) => text(first(a, 'iati-identifier'))?.trim()).filter((id): id is string => Boolean(id))),
    );
    corpus = { fixtures, transactions: [...fixtures.values()].flatMap((f) => transactionsOf(f, activityIds)) };
  }
  return corpus;
}

const matches = (ids: readonly string[], id: string) => ids.includes(ANY) || ids.includes(id);
const pairKey = (funder: string, recipient: string, stage: Stage) => `${funder}\u0000${recipient}\u0000${stage}`;

/**
 * A transaction of the fixtures that might count for this pair and stage although the files
 * checked do not state it so: one that names a side only by name, by an activity id or by a
 * malformed ref, or one of a file outside `files` (which may be in the shared database too).
 */
function ambiguity(files: readonly FixtureName[], funder: string, recipient: string, stage: Stage): Transaction | undefined {
  return readCorpus().transactions.find(
    (t) =>
      t.stage === stage &&
      (t.pair ? !files.includes(t.file) && t.pair[0] === funder && t.pair[1] === recipient : matches(t.funders, funder) && matches(t.recipients, recipient)),
  );
}

/** The exact total the API should give for a pair and stage: the funder's own reports when it made any, else every report. */
function expectedOf(transactions: Transaction[]): Omit<ExpectedTotal, 'currency'> & { currencies: Set<string | undefined> } {
  const [funder, recipient] = transactions[0].pair!;
  const own = transactions.filter((t) => t.reporter === funder);
  const counted = own.length ? own : transactions;
  return {
    funder,
    recipient,
    stage: transactions[0].stage,
    exact: exactText(counted.reduce((sum, t) => sum.plus(t.amount), new D(0))),
    flows: counted.length,
    counted,
    notCounted: transactions.length - counted.length,
    files: new Set(transactions.map((t) => t.file)),
    currencies: new Set(counted.map((t) => t.currency)),
  };
}

/** Every pair and stage of these files (imported together or each alone) that can be checked, largest (by counted transactions) first. */
function checkablePairs(files: readonly FixtureName[]): ExpectedTotal[] {
  const groups = new Map<string, Transaction[]>();
  for (const t of readCorpus().transactions) {
    if (!files.includes(t.file) || !t.pair) continue;
    const key = pairKey(t.pair[0], t.pair[1], t.stage);
    groups.set(key, [...(groups.get(key) ?? []), t]);
  }
  const checkable: ExpectedTotal[] = [];
  for (const transactions of groups.values()) {
    const { currencies, ...expected } = expectedOf(transactions);
    const [currency] = currencies;
    if (currencies.size !== 1 || !currency) continue;
    if (ambiguity(files, expected.funder, expected.recipient, expected.stage)) continue;
    checkable.push({ ...expected, currency });
  }
  return checkable.sort((a, b) => b.flows - a.flows || pairKey(a.funder, a.recipient, a.stage).localeCompare(pairKey(b.funder, b.recipient, b.stage)));
}

function linesOf(transactions: readonly Transaction[]): string {
  const { fixtures } = readCorpus();
  const lines = transactions.map((t) => `${t.file}:${fixtures.get(t.file)!.lineAt(t.offset)}`);
  return lines.length > 12 ? `${lines.slice(0, 12).join(', ')} and ${lines.length - 12} more` : lines.join(', ');
}

// ---------------------------------------------------------------------------------------------
// The import (CLI, in process) and the API (HTTP)
// ---------------------------------------------------------------------------------------------

interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** `npm run import -- <files>` with the defaults, in this process, against the test run's Neo4j (NEO4J_URI from globalSetup). */
async function importWithCli(names: readonly FixtureName[]): Promise<CliRun> {
  const files = names.map((name) => sharedFixture(`iati-real/${name}`));
  let stdout = '';
  let stderr = '';
  const code = await main(files, {
    stdout: { write: (chunk: string) => ((stdout += chunk), true), isTTY: false },
    stderr: { write: (chunk: string) => ((stderr += chunk), true), isTTY: false },
    env: { ...process.env, LOG_LEVEL: 'warn' },
    cwd: path.dirname(files[0]),
  });
  return { code, stdout, stderr };
}

function expectImported(run: CliRun | undefined): void {
  expect(run).toBeDefined();
  const { code, stdout, stderr } = run!;
  expect({ code, stderr: code === 0 ? '' : stderr }).toEqual({ code: 0, stderr: '' });
  expect(stdout).not.toContain('Bad rows');
  expect(stdout).toMatch(/^Import summary \(written\)$/m);
  const total = stdout
    .split('\n')
    .find((line) => line.startsWith('total'))
    ?.trim()
    .split(/\s+/);
  expect(total?.[4]).toBe('0'); // rejected
}

interface Money {
  exact: string;
  currency: string;
}
interface Total {
  amount: Money;
  flows: number;
  unconverted: Money[];
  recipient?: { id: string } | null;
}

const PAIR_TOTAL = gql`
  query ($from: ID, $to: ID, $stage: FundingStage!, $currency: String!) {
    fundingTotals(fromId: $from, toId: $to, stage: $stage, currency: $currency) {
      amount { exact currency } flows unconverted { exact currency }
    }
  }
`;
const BY_RECIPIENT = gql`
  query ($from: ID, $stage: FundingStage!, $currency: String!) {
    fundingTotals(fromId: $from, stage: $stage, currency: $currency, groupBy: [RECIPIENT]) {
      amount { exact currency } flows unconverted { exact currency } recipient { id }
    }
  }
`;

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});

afterAll(async () => {
  await server?.close();
});

const mismatch = (e: ExpectedTotal, got: unknown) => ({
  pair: `${e.funder} -> ${e.recipient} ${e.stage} in ${e.currency}`,
  expected: { exact: e.exact, flows: e.flows, unconverted: [] },
  got,
  counted: linesOf(e.counted),
  ...(e.notCounted ? { notCounted: e.notCounted } : {}),
});

/** fundingTotals(fromId, toId, stage, currency) for each pair: the differences from the XML's sums, with the transactions' lines. */
async function pairMismatches(expected: readonly ExpectedTotal[]) {
  const mismatches = [];
  for (const e of expected) {
    const { fundingTotals } = await server.anonymous.request<{ fundingTotals: Total[] }>(PAIR_TOTAL, {
      from: e.funder,
      to: e.recipient,
      stage: e.stage,
      currency: e.currency,
    });
    const got = fundingTotals.map((t) => ({ exact: t.amount.exact, flows: t.flows, unconverted: t.unconverted }));
    const [total] = fundingTotals;
    if (fundingTotals.length !== 1 || total.amount.exact !== e.exact || total.amount.currency !== e.currency || total.flows !== e.flows || total.unconverted.length) {
      mismatches.push(mismatch(e, got));
    }
  }
  return mismatches;
}

/** The same, with one fundingTotals(fromId, stage, currency, groupBy: [RECIPIENT]) per funder, stage and currency. */
async function groupedMismatches(expected: readonly ExpectedTotal[]) {
  const byQuery = new Map<string, ExpectedTotal[]>();
  for (const e of expected) {
    const key = `${e.funder}\u0000${e.stage}\u0000${e.currency}`;
    byQuery.set(key, [...(byQuery.get(key) ?? []), e]);
  }
  const mismatches = [];
  for (const group of byQuery.values()) {
    const { funder, stage, currency } = group[0];
    const { fundingTotals } = await server.anonymous.request<{ fundingTotals: Total[] }>(BY_RECIPIENT, { from: funder, stage, currency });
    const byRecipient = new Map(fundingTotals.map((t) => [t.recipient?.id, t]));
    for (const e of group) {
      const t = byRecipient.get(e.recipient);
      if (!t || t.amount.exact !== e.exact || t.flows !== e.flows) {
        mismatches.push(mismatch(e, t ? { exact: t.amount.exact, flows: t.flows, unconverted: t.unconverted } : 'no row for this recipient'));
      }
    }
  }
  return mismatches;
}

describe.each(FIXTURES)('%s, imported with the CLI defaults', (name) => {
  let run: CliRun | undefined;

  beforeAll(async () => {
    run = await importWithCli([name]);
  }, IMPORT_TIMEOUT);

  it('exits with 0, writes and rejects no row', () => {
    expectImported(run);
  });

  it(`gives, for its ${SAMPLE} largest organisation pairs and stages, the totals summed from the XML`, async () => {
    expect(run?.code).toBe(0);
    const sample = checkablePairs([name]).slice(0, SAMPLE);
    expect(sample.length).toBeGreaterThan(0);
    expect(await pairMismatches(sample)).toEqual([]);
  });

  it('gives the same totals for every checkable pair, grouped by recipient per funder, stage and currency', async () => {
    expect(run?.code).toBe(0);
    expect(await groupedMismatches(checkablePairs([name]))).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------
// A flow reported by both the funder and the recipient counts once
// ---------------------------------------------------------------------------------------------

const FCDO = 'GB-GOV-1';
const DRC = 'DK-CVR-20699310';
const GTS = 'AT-UID-U74408937';

interface ChainStep {
  from: { id: string };
  to: { id: string };
  transactionType: string | null;
  amount: Money | null;
}

const PAGES: FixtureName[] = ['hdx-saved-dportal_6.xml', 'hdx-saved-dportal_15.xml', 'hdx-saved-dportal_26.xml'];

describe('d-portal pages 6, 15 and 26, imported together: FCDO -> Danish Refugee Council -> Ground Truth Solutions', () => {
  let run: CliRun | undefined;
  const reportsOf = (file: FixtureName, reporter: string, funder: string, recipient: string, stage: Stage) =>
    readCorpus().transactions.filter((t) => t.file === file && t.stage === stage && t.reporter === reporter && t.pair?.[0] === funder && t.pair[1] === recipient);

  beforeAll(async () => {
    run = await importWithCli(PAGES);
  }, IMPORT_TIMEOUT);

  it('exits with 0, writes and rejects no row', () => {
    expectImported(run);
  });

  it("totals FCDO's own disbursements to DRC (page 26), without DRC's incoming-funds reports of that money (page 15)", async () => {
    expect(run?.code).toBe(0);
    const fcdo = reportsOf('hdx-saved-dportal_26.xml', FCDO, FCDO, DRC, 'DISBURSED');
    const drc = reportsOf('hdx-saved-dportal_15.xml', DRC, FCDO, DRC, 'DISBURSED');
    // What the XML says: FCDO reports disbursements in GBP, DRC reports incoming funds from FCDO of the same money.
    expect(fcdo.length).toBeGreaterThan(0);
    expect(new Set(fcdo.map((t) => `${t.code} ${t.currency}`))).toEqual(new Set(['3 GBP']));
    expect(drc.length).toBeGreaterThan(0);
    expect(new Set(drc.map((t) => `${t.code} ${t.currency}`))).toEqual(new Set(['1 GBP']));
    expect(ambiguity(PAGES, FCDO, DRC, 'DISBURSED')).toBeUndefined();

    const fcdoSum = exactText(fcdo.reduce((sum, t) => sum.plus(t.amount), new D(0)));
    const bothSum = exactText([...fcdo, ...drc].reduce((sum, t) => sum.plus(t.amount), new D(0)));
    const { fundingTotals } = await server.anonymous.request<{ fundingTotals: Total[] }>(PAIR_TOTAL, { from: FCDO, to: DRC, stage: 'DISBURSED', currency: 'GBP' });
    expect(fundingTotals).toEqual([{ amount: { exact: fcdoSum, currency: 'GBP' }, flows: fcdo.length, unconverted: [] }]);
    expect(fcdoSum).not.toBe(bothSum);
  });

  it('totals every pair and stage that more than one page reports, counting the funder\'s own reports only', async () => {
    expect(run?.code).toBe(0);
    const acrossPages = checkablePairs(PAGES).filter((e) => e.files.size > 1);
    expect(acrossPages.length).toBeGreaterThan(0);
    expect(await pairMismatches(acrossPages)).toEqual([]);
  });

  it('follows the DISBURSED chain from FCDO through DRC to Ground Truth Solutions, on FCDO\'s reports rather than DRC\'s', async () => {
    expect(run?.code).toBe(0);
    const { fundingChains } = await server.anonymous.request<{ fundingChains: { steps: ChainStep[] }[] }>(gql`
      query ($from: ID, $to: ID) {
        fundingChains(from: $from, to: $to, stage: DISBURSED) {
          steps { from { id } to { id } transactionType amount { exact currency } }
        }
      }
    `, { from: FCDO, to: GTS });
    const ids = (chain: { steps: ChainStep[] }) => [...new Set(chain.steps.flatMap((s) => [s.from.id, s.to.id]))].sort();
    const viaDrc = fundingChains.filter(
      (chain) =>
        ids(chain).join(' ') === [FCDO, DRC, GTS].sort().join(' ') &&
        chain.steps.some((s) => s.from.id === FCDO && s.to.id === DRC) &&
        chain.steps.some((s) => s.from.id === DRC && s.to.id === GTS),
    );
    expect(viaDrc.length).toBeGreaterThan(0);

    const steps = fundingChains.flatMap((chain) => chain.steps);
    expect(steps.filter((s) => s.from.id === FCDO && s.to.id === DRC && s.transactionType === 'INCOMING_FUNDS')).toEqual([]);
    // Each FCDO -> DRC step is one of FCDO's disbursements in page 26; each DRC -> GTS step one of GTS's incoming funds in page 6.
    const asStep = (t: Transaction) => `${t.code === '3' ? 'DISBURSEMENT' : 'INCOMING_FUNDS'} ${exactText(new D(t.amount))} ${t.currency}`;
    const fcdoReports = new Set(reportsOf('hdx-saved-dportal_26.xml', FCDO, FCDO, DRC, 'DISBURSED').map(asStep));
    const gtsReports = new Set(reportsOf('hdx-saved-dportal_6.xml', GTS, DRC, GTS, 'DISBURSED').map(asStep));
    expect(gtsReports.size).toBeGreaterThan(0);
    const stepText = (s: ChainStep) => `${s.transactionType} ${s.amount?.exact} ${s.amount?.currency}`;
    for (const s of steps.filter((s) => s.from.id === FCDO && s.to.id === DRC)) expect(fcdoReports).toContain(stepText(s));
    for (const s of steps.filter((s) => s.from.id === DRC && s.to.id === GTS)) expect(gtsReports).toContain(stepText(s));
  });
});
