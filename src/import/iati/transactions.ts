import type { RowProblem } from '../import.document';
import { isISO31661Alpha2 } from 'class-validator';
import type { RawRow } from '../import.validator';
import type { ActivityScope, ParsedFile } from './activity-file';
import { flowTypeOf, FlowType } from './codelists';
import { shortHash, toNodeId } from './ids';
import { MENTION_RANK, orgMention } from './organisations';
import { amountOf, comparableAmount, clip, isoDate } from './values';
import { arr, attr, narrative, textOf, XmlNode } from './xml';

/**
 * Every transaction, of each of the 13 types of IATI's TransactionType codelist, becomes a FUNDS
 * link: one reported transaction, as the source gives it. amount = value, exactly as written
 * (negative values such as reversals and de-obligations stay negative; every decimal is kept),
 * currency from value/@currency, else the activity's default-currency; transactionType = the
 * codelist name (DISBURSEMENT, EXPENDITURE, ...); valueDate = value/@value-date, else
 * transaction-date/@iso-date, and startDate the same; reportingOrgId = the activity's
 * reporting-org, reportingActivityId = the activity (as an Initiative): where the transaction
 * was reported; instrument = the type's codelist name ("Disbursement"), as before
 * transactionType existed; description = the transaction's. A transaction without a value (or
 * with an empty one) is an error on its line, field `value`; one whose transaction-type is not
 * in the codelist is left out with a warning. FUNDS must start at an Actor, so:
 *
 * - funder: provider-org by ref; else the reporting org of its provider-activity-id, when that
 *   activity is in the files being imported; else provider-org by name; else the activity's
 *   reporting org (it spends its own activity's money; for incoming funds of unreported origin
 *   this says the publisher put them into the activity).
 * - recipient: receiver-org resolved the same way (ref, receiver-activity-id, name); else, for
 *   the incoming types (incoming funds 1, incoming commitment 11, incoming pledge 13) and for
 *   money paid back to the publisher (interest payment 5, loan repayment 6, sale of equity 9),
 *   the reporting org (IATI has them received by the publisher for this activity); else the
 *   activity itself as an Initiative (money spent within the activity). When funder and
 *   recipient are the same org, the recipient is the activity.
 * - So the outgoing types (commitment 2, disbursement 3, expenditure 4, reimbursement 7, purchase
 *   of equity 8, credit guarantee 10, outgoing pledge 12) go from the reporting org (or
 *   provider-org) to the receiver-org, else to the activity; interest and loan repayments go
 *   provider -> receiver as given, with the reporting org as the receiver when none is named.
 * - viaInitiativeId = the activity, unless the activity is the recipient.
 *
 * Across publishers. A flow is usually reported twice: as a disbursement (or commitment, or
 * pledge) by the funder, with receiver-activity-id, and as incoming funds (or an incoming
 * commitment, or an incoming pledge) by the recipient, with provider-activity-id. When a
 * transaction of these pairs names both its providing activity and its receiving activity (its
 * own activity fills in the side it reports), it gets an id derived from (commitment,
 * disbursement or pledge, providing activity, receiving activity, date, amount, currency, and
 * which occurrence of these it is), so both reports are ONE relationship: within one import the
 * funder's report is kept and cites both files; across imports the later one updates it. Funder
 * and recipient resolve to the same orgs from both sides (their refs, or the activities'
 * reporting orgs), so chains such as funder -> A's publisher -> B's publisher follow FUNDS across
 * files without counting the money twice. Amounts or dates that differ between the two reports
 * make two relationships. The other types (expenditure, interest, repayments, reimbursement,
 * equity, guarantees) are not paired: their counterpart reports no mirror type. Other
 * transactions get the id `iati-tx:<activity>:<n>`. Activity ids resolve to orgs only within the
 * files of one import: import related files together.
 *
 * Warnings. A transaction that repeats an earlier one of the same activity exactly (same type,
 * @ref, value date, transaction date, amount, currency, funder, recipient and counterpart
 * activity ids) is reported as a warning on its line and still imported as a link of its own:
 * the source says it twice.
 */

type Side = 'provider' | 'receiver';

interface FlowRow extends RawRow {
  value: Record<string, unknown> & { sourceIds: string[] };
  /** Which side of a paired flow reported this row. */
  side?: Side;
}

/** A provider-org or receiver-org, with the activity it names on its side of the flow. */
interface Counterpart {
  element: 'provider-org' | 'receiver-org';
  node: unknown;
  activityId: string | undefined;
}

interface Money {
  amount: string | undefined;
  currency: string | undefined;
}

/** iati-identifier -> the id of the org that reports it, for the activities in the files of this import. */
export function publishersByActivity(files: readonly ParsedFile[]): Map<string, string> {
  const publisherOf = new Map<string, string>();
  for (const file of files) {
    for (const activity of file.activities) {
      if (activity.rawId && activity.reportingOrg && !publisherOf.has(activity.rawId)) {
        publisherOf.set(activity.rawId, activity.reportingOrg.id);
      }
    }
  }
  return publisherOf;
}

/** The FUNDS rows of one import, with a flow that both of its sides report kept once. */
export class Flows {
  private readonly flows = new Map<string, FlowRow>();
  /** How often each side has reported a paired flow's key so far, so that repeated equal flows stay apart. */
  private readonly occurrences = new Map<string, number>();

  constructor(private readonly publisherOf: ReadonlyMap<string, string>) {}

  read(scope: ActivityScope): void {
    /** What each transaction of this activity says, to find the ones that repeat an earlier one exactly. */
    const seen = new Map<string, string>();
    arr(scope.activity.node.transaction).forEach((node, index) => this.readTransaction(scope, node as XmlNode, index, seen));
  }

  rows(): RawRow[] {
    return [...this.flows.values()].map(({ side: _side, ...row }) => row);
  }

  private readTransaction(scope: ActivityScope, transaction: XmlNode, index: number, seen: Map<string, string>): void {
    const { file, activity } = scope;
    const location = `line ${file.lines.lineOf(transaction, activity.line)} <transaction>`;
    const problem = (field: string, reason: string): RowProblem => ({ file: file.file, location, section: 'relationships', field, reason });
    const code = attr(arr(transaction['transaction-type'])[0], 'code');
    const flowType = flowTypeOf(code);
    if (!flowType) {
      scope.warnings.push({
        file: file.file,
        location,
        field: 'transaction-type',
        reason:
          code === undefined
            ? 'is missing, so the transaction is left out'
            : `code "${code}" is not in IATI's TransactionType codelist (1-13), so the transaction is left out`,
      });
      return;
    }
    const money = moneyOf(transaction, attr(activity.node, 'default-currency'));
    if (money.amount === undefined) {
      scope.problems.push(problem('value', 'is missing or empty: a transaction must state its amount'));
      return;
    }
    const provider = counterpartOf(transaction, 'provider-org', 'provider-activity-id');
    const receiver = counterpartOf(transaction, 'receiver-org', 'receiver-activity-id');
    const funder = this.resolve(scope, provider) ?? activity.reportingOrg?.id;
    if (!funder) {
      scope.problems.push(problem('provider-org', 'has no ref or name, and the activity has no reporting-org to fall back on'));
      return;
    }
    const recipient = this.recipientOf(scope, receiver, flowType, funder);
    const transactionDate = isoDate(attr(arr(transaction['transaction-date'])[0], 'iso-date'));
    const valueDate = isoDate(attr(arr(transaction.value)[0], 'value-date')) ?? transactionDate;
    const description = clip(narrative(arr(transaction.description)[0], activity.lang), 5000);

    const repeatKey = [
      flowType.type,
      attr(transaction, 'ref') ?? '',
      valueDate ?? '',
      transactionDate ?? '',
      comparableAmount(money.amount),
      money.currency ?? '',
      funder,
      recipient,
      provider.activityId ?? '',
      receiver.activityId ?? '',
    ].join('\u0000');
    const earlier = seen.get(repeatKey);
    if (earlier) {
      scope.warnings.push({
        file: file.file,
        location,
        field: 'transaction',
        reason: `repeats the transaction at ${earlier} exactly (type, date, amount, currency, parties); imported as a link of its own, as the source gives it`,
      });
    } else {
      seen.set(repeatKey, location);
    }

    const { id, side } = this.flowIdOf(scope, flowType, provider, receiver, valueDate, money, index);
    const reportingOrgId = activity.reportingOrg?.id;
    const recipientCountry = recipientCountryOf(transaction, activity.node);
    this.add({
      section: 'relationships',
      file: file.file,
      location,
      side,
      value: {
        id,
        type: 'FUNDS',
        fromId: funder,
        toId: recipient,
        sourceIds: [file.sourceId],
        amount: { amount: money.amount, currency: money.currency },
        ...(valueDate ? { startDate: valueDate } : {}),
        instrument: flowType.instrument,
        transactionType: flowType.type,
        ...(valueDate ? { valueDate } : {}),
        ...(reportingOrgId ? { reportingOrgId } : {}),
        reportingActivityId: activity.id,
        ...(recipientCountry ? { recipientCountry } : {}),
        ...(recipient !== activity.id ? { viaInitiativeId: activity.id } : {}),
        ...(description ? { description } : {}),
      },
    });
  }

  /** The org id of a counterpart, mentioning the org when the transaction itself names it. */
  private resolve(scope: ActivityScope, counterpart: Counterpart): string | undefined {
    const ref = attr(counterpart.node, 'ref');
    const byActivity = counterpart.activityId ? this.publisherOf.get(counterpart.activityId) : undefined;
    if (!ref && byActivity) return byActivity;
    const org = orgMention(counterpart.node, counterpart.element, MENTION_RANK.transactionOrg, scope.place);
    // Publishers often name themselves without their ref on their own transactions (the Asian
    // Development Bank does on every one): that is the reporting org, not an org of its own.
    const reporting = scope.activity.reportingOrg;
    if (!ref && org?.name && reporting?.name && sameName(org.name, reporting.name)) return reporting.id;
    scope.organisations.mention(org);
    return org?.id;
  }

  private recipientOf(scope: ActivityScope, receiver: Counterpart, flowType: FlowType, funder: string): string {
    const { activity } = scope;
    const toReporter = flowType.incoming || flowType.paidToReporter;
    const recipient = this.resolve(scope, receiver) ?? (toReporter ? activity.reportingOrg?.id : undefined);
    return !recipient || recipient === funder ? activity.id : recipient;
  }

  /** The id both sides of a paired flow derive alike; otherwise one by the transaction's place in its activity. */
  private flowIdOf(
    scope: ActivityScope,
    flowType: FlowType,
    provider: Counterpart,
    receiver: Counterpart,
    date: string | undefined,
    money: Money,
    index: number,
  ): { id: string; side?: Side } {
    const { rawId } = scope.activity;
    const byPlace = { id: toNodeId(`iati-tx:${rawId}:${index + 1}`) };
    if (!flowType.pair) return byPlace;
    const providingActivity = provider.activityId ?? (flowType.incoming ? undefined : rawId);
    const receivingActivity = receiver.activityId ?? (flowType.incoming ? rawId : undefined);
    if (!providingActivity || !receivingActivity || providingActivity === receivingActivity) return byPlace;
    const side: Side = flowType.incoming ? 'receiver' : 'provider';
    const key = [flowType.pair, providingActivity, receivingActivity, date ?? '', comparableAmount(money.amount), money.currency ?? ''].join('|');
    const occurrence = (this.occurrences.get(`${side}|${key}`) ?? 0) + 1;
    this.occurrences.set(`${side}|${key}`, occurrence);
    return { id: `iati-flow:${shortHash(`${key}|${occurrence}`)}`, side };
  }

  private add(row: FlowRow): void {
    const earlier = this.flows.get(row.value.id as string);
    if (!earlier) {
      this.flows.set(row.value.id as string, row);
      return;
    }
    // The same flow reported by its funder and by its recipient: keep the funder's report, cite both.
    const sourceIds = [...new Set([...earlier.value.sourceIds, ...row.value.sourceIds])];
    const kept = earlier.side === 'receiver' && row.side === 'provider' ? row : earlier;
    kept.value.sourceIds = sourceIds;
    this.flows.set(row.value.id as string, kept);
  }
}

function counterpartOf(transaction: XmlNode, element: Counterpart['element'], activityAttribute: string): Counterpart {
  const node = arr(transaction[element])[0];
  return { element, node, activityId: attr(node, activityAttribute) };
}

function moneyOf(transaction: XmlNode, defaultCurrency: string | undefined): Money {
  const value = arr(transaction.value)[0];
  return { amount: amountOf(textOf(value)), currency: attr(value, 'currency') ?? defaultCurrency };
}

function sameName(a: string, b: string): boolean {
  const key = (name: string) => name.normalize('NFKC').replace(/\s+/g, ' ').trim().toLowerCase();
  return key(a) === key(b);
}

/**
 * The country the money is for: the transaction's recipient-country, else the activity's when it
 * names exactly one (an activity split across countries says nothing about one transaction).
 * Codes that are not ISO 3166 alpha-2 are left out rather than refusing the row.
 */
function recipientCountryOf(transaction: XmlNode, activity: XmlNode): string | undefined {
  const own = arr(transaction['recipient-country']).map((node) => attr(node, 'code'));
  const declared = own.length ? own : arr(activity['recipient-country']).map((node) => attr(node, 'code'));
  const codes = [...new Set(declared.filter((code): code is string => Boolean(code)).map((code) => code.trim().toUpperCase()))];
  return codes.length === 1 && isISO31661Alpha2(codes[0]) ? codes[0] : undefined;
}
