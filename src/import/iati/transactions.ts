import type { RawRow } from '../import.validator';
import type { ActivityScope, ParsedFile } from './activity-file';
import { FLOW_TYPES, FlowType } from './codelists';
import { shortHash, toNodeId } from './ids';
import { MENTION_RANK, orgMention } from './organisations';
import { amountOf, clip, isoDate } from './values';
import { arr, attr, narrative, textOf, XmlNode } from './xml';

/**
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
  amount: number | string | undefined;
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
    arr(scope.activity.node.transaction).forEach((node, index) => this.readTransaction(scope, node as XmlNode, index));
  }

  rows(): RawRow[] {
    return [...this.flows.values()].map(({ side: _side, ...row }) => row);
  }

  private readTransaction(scope: ActivityScope, transaction: XmlNode, index: number): void {
    const flowType = FLOW_TYPES[attr(arr(transaction['transaction-type'])[0], 'code') ?? ''];
    if (!flowType) return;
    const { file, activity } = scope;
    const location = `line ${file.lines.lineOf(transaction, activity.line)} <transaction>`;
    const provider = counterpartOf(transaction, 'provider-org', 'provider-activity-id');
    const receiver = counterpartOf(transaction, 'receiver-org', 'receiver-activity-id');
    const funder = this.resolve(scope, provider) ?? activity.reportingOrg?.id;
    if (!funder) {
      scope.problems.push({
        file: file.file,
        location,
        section: 'relationships',
        field: 'provider-org',
        reason: 'has no ref or name, and the activity has no reporting-org to fall back on',
      });
      return;
    }
    const recipient = this.recipientOf(scope, receiver, flowType, funder);
    const money = moneyOf(transaction, attr(activity.node, 'default-currency'));
    const date = isoDate(attr(arr(transaction.value)[0], 'value-date')) ?? isoDate(attr(arr(transaction['transaction-date'])[0], 'iso-date'));
    const description = clip(narrative(arr(transaction.description)[0], activity.lang), 5000);
    const { id, side } = this.flowIdOf(scope, flowType, provider, receiver, date, money, index);
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
        ...(money.amount !== undefined || money.currency !== undefined ? { amount: { amount: money.amount, currency: money.currency } } : {}),
        ...(date ? { startDate: date } : {}),
        instrument: flowType.name,
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
    scope.organisations.mention(org);
    return org?.id;
  }

  private recipientOf(scope: ActivityScope, receiver: Counterpart, flowType: FlowType, funder: string): string {
    const { activity } = scope;
    const recipient = this.resolve(scope, receiver) ?? (flowType.incoming ? activity.reportingOrg?.id : undefined);
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
    const providingActivity = provider.activityId ?? (flowType.incoming ? undefined : rawId);
    const receivingActivity = receiver.activityId ?? (flowType.incoming ? rawId : undefined);
    if (!providingActivity || !receivingActivity || providingActivity === receivingActivity) {
      return { id: toNodeId(`iati-tx:${rawId}:${index + 1}`) };
    }
    const side: Side = flowType.incoming ? 'receiver' : 'provider';
    const key = [flowType.pair, providingActivity, receivingActivity, date ?? '', String(money.amount ?? ''), money.currency ?? ''].join('|');
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
