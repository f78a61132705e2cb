import type { Database } from '../db/database';
import { asOfParams } from '../db/time';
import { BadInputError } from '../common/errors';
import { AmountConverter, Money, readMoney, sumExact } from '../common/money';
import { toGraphNode } from '../common/node-mappers';
import type { Actor } from '../actors/actor.type';
import { FundingStage } from '../relationships/transaction-type';
import { stageParams } from '../network/queries/funding-stage';
import { decodeFundingTotals, FlowAmountRow, fundingTotalsStatement } from './funding-totals.query';
import { FundingGroupBy, FundingTotal } from './funding-total.type';

export interface FundingTotalsOptions {
  fromId?: string | null;
  toId?: string | null;
  stage: FundingStage;
  currency: string;
  groupBy?: readonly FundingGroupBy[] | null;
  asOf?: string | null;
}

interface Group {
  sample: FlowAmountRow;
  converted: string[];
  unconverted: Map<string, string[]>;
  rateDates: Set<string>;
  flows: number;
}

const yearOf = (row: FlowAmountRow): number | null => (row.date ? Number(row.date.slice(0, 4)) : null);

const KEY_OF: Record<FundingGroupBy, (row: FlowAmountRow) => string> = {
  [FundingGroupBy.YEAR]: (row) => String(yearOf(row) ?? ''),
  [FundingGroupBy.FUNDER]: (row) => row.funderId,
  [FundingGroupBy.RECIPIENT]: (row) => row.recipientId,
  [FundingGroupBy.TRANSACTION_TYPE]: (row) => row.transactionType ?? '',
  [FundingGroupBy.COUNTRY]: (row) => row.country ?? '',
};

/**
 * Sums of one funding stage in one currency. Each reported flow counts once (the funder's own
 * reports win, see countedFlow) and is converted at its own value date before it is added, with
 * exact decimals; what has no rate is listed apart, never added in its own currency.
 */
export class FundingTotalsService {
  constructor(
    private readonly db: Pick<Database, 'read'>,
    private readonly converter: AmountConverter,
  ) {}

  async totals(options: FundingTotalsOptions): Promise<FundingTotal[]> {
    const groupBy = [...new Set(options.groupBy ?? [])];
    const currency = options.currency.toUpperCase();
    if (options.fromId && options.toId && options.fromId === options.toId) throw new BadInputError('toId', 'must differ from fromId');
    const rows = await this.db.read(async (tx) => {
      const statement = fundingTotalsStatement({
        fromId: options.fromId ?? null,
        toId: options.toId ?? null,
        withParties: groupBy.includes(FundingGroupBy.FUNDER) || groupBy.includes(FundingGroupBy.RECIPIENT),
        withCountry: groupBy.includes(FundingGroupBy.COUNTRY),
        ...stageParams(options.stage),
        ...asOfParams(options.asOf),
      });
      return decodeFundingTotals((await tx.run(statement.cypher, statement.params)).records);
    });
    const groups = new Map<string, Group>();
    for (const row of rows) {
      const key = groupBy.map((field) => KEY_OF[field](row)).join('\u0000');
      let group = groups.get(key);
      if (!group) {
        group = { sample: row, converted: [], unconverted: new Map(), rateDates: new Set(), flows: 0 };
        groups.set(key, group);
      }
      group.flows++;
      this.add(group, row, currency);
    }
    if (groups.size === 0 && groupBy.length === 0) {
      return [Object.assign(new FundingTotal(), { amount: money('0', currency), flows: 0, unconverted: [], rateDates: [] })];
    }
    return [...groups.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([, group]) => this.toTotal(group, groupBy, currency));
  }

  private add(group: Group, row: FlowAmountRow, currency: string): void {
    const conversion = this.converter.convert(row.exact, row.currency, currency, row.date);
    if (!conversion) {
      const amounts = group.unconverted.get(row.currency) ?? [];
      amounts.push(row.exact);
      group.unconverted.set(row.currency, amounts);
      return;
    }
    group.converted.push(conversion.exact);
    if (conversion.source !== 'SAME' && conversion.rateDate) group.rateDates.add(conversion.rateDate);
  }

  private toTotal(group: Group, groupBy: readonly FundingGroupBy[], currency: string): FundingTotal {
    const { sample } = group;
    const has = (field: FundingGroupBy) => groupBy.includes(field);
    return Object.assign(new FundingTotal(), {
      amount: money(sumExact(group.converted), currency),
      flows: group.flows,
      unconverted: [...group.unconverted.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([code, amounts]) => money(sumExact(amounts), code)),
      rateDates: [...group.rateDates].sort(),
      year: has(FundingGroupBy.YEAR) ? yearOf(sample) : null,
      funder: has(FundingGroupBy.FUNDER) && sample.funder ? (toGraphNode('Actor', sample.funder.props) as Actor) : null,
      recipient: has(FundingGroupBy.RECIPIENT) && sample.recipient ? toGraphNode(sample.recipient.label, sample.recipient.props) : null,
      transactionType: has(FundingGroupBy.TRANSACTION_TYPE) ? sample.transactionType : null,
      country: has(FundingGroupBy.COUNTRY) ? sample.country : null,
    });
  }
}

function money(exact: string, currency: string): Money {
  return readMoney(exact, currency, null)!;
}
