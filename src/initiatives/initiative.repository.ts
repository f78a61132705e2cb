import type { NodeOrder } from '../analysis/node-sort';
import type { Tx } from '../db/database';
import { NodePage, NodeRepository, PageReads } from '../db/node.repository';
import { graphNodeFields, str, strings } from '../common/props';
import { budgetMoney } from '../common/money';
import type { Scale } from '../common/scale';
import { Initiative, InitiativeKind } from './initiative.type';
import type { Indicator } from './indicator.type';
import type { CompiledFilter } from '../filters/node-filter.query';

export class InitiativeRepository extends NodeRepository {
  constructor() {
    super('Initiative');
  }

  list(tx: Tx, filter: CompiledFilter, first: number, afterId: string | null, order: NodeOrder | null = null, read?: PageReads): Promise<NodePage> {
    return this.page(tx, { where: filter.where, params: filter.params, first, afterId, from: filter.start, order, read });
  }
}

export function toInitiative(props: Record<string, unknown>): Initiative {
  return Object.assign(new Initiative(), {
    ...graphNodeFields('Initiative' as const, props),
    kind: props.kind as InitiativeKind,
    acronym: str(props.acronym),
    description: str(props.description),
    startDate: str(props.startDate),
    endDate: str(props.endDate),
    budget: budgetMoney(props),
    themes: strings(props.themes),
    scale: (props.scale as Scale | undefined) ?? null,
    indicators: typeof props.indicatorsJson === 'string' ? (JSON.parse(props.indicatorsJson) as Indicator[]) : [],
  });
}
