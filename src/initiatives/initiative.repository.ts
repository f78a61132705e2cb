import type { Tx } from '../db/database';
import { NodePage, NodeRepository } from '../db/node.repository';
import { str, strings } from '../common/props';
import { readMoney } from '../common/money';
import type { Scale } from '../common/scale';
import { Initiative, InitiativeKind } from './initiative.type';
import type { Indicator } from './indicator.type';
import type { InitiativeFilter } from './initiative.input';

export class InitiativeRepository extends NodeRepository {
  constructor() {
    super('Initiative');
  }

  list(tx: Tx, filter: InitiativeFilter | undefined, textIds: string[] | null, first: number, afterId: string | null): Promise<NodePage> {
    return this.pageFiltered(
      tx,
      { kinds: filter?.kind, territoryId: filter?.territoryId, textIds },
      { where: [], params: {}, first, afterId },
    );
  }
}

export function toInitiative(props: Record<string, unknown>): Initiative {
  return Object.assign(new Initiative(), {
    nodeLabel: 'Initiative' as const,
    id: String(props.id),
    name: String(props.name),
    kind: props.kind as InitiativeKind,
    aliases: strings(props.aliases),
    acronym: str(props.acronym),
    description: str(props.description),
    startDate: str(props.startDate),
    endDate: str(props.endDate),
    budget: readMoney(props.budgetAmountCents, props.budgetCurrency, props.budgetAmountEurCents),
    themes: strings(props.themes),
    scale: (props.scale as Scale | undefined) ?? null,
    indicators: typeof props.indicatorsJson === 'string' ? (JSON.parse(props.indicatorsJson) as Indicator[]) : [],
    sourceIds: strings(props.sourceIds),
    createdAt: String(props.createdAt),
    updatedAt: String(props.updatedAt),
  });
}
