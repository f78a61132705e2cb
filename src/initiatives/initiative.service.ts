import { nodeOrder, SortSpec } from '../analysis/node-sort';
import type { Database, Tx } from '../db/database';
import type { AuditService } from '../audit/audit.service';
import type { SourceService } from '../sources/source.service';
import type { FilterService } from '../filters/filter.service';
import { decodeCursor, Page } from '../common/connection';
import { definedProps, withAliasesText } from '../common/props';
import { withTagsAndAttributes } from '../common/free-attributes';
import { periodProps } from '../common/partial-date';
import { storeBudget } from '../common/money';
import { BadInputError } from '../common/errors';
import { NodeService } from '../common/node.service';
import type { PageReads } from '../db/node.repository';
import { withCleanNames } from '../common/names';
import { InitiativeRepository, toInitiative } from './initiative.repository';
import type { InitiativeFilter, InitiativeInput } from './initiative.input';
import type { Initiative } from './initiative.type';
import { Indicator, IndicatorInput, indicatorSourceIds } from './indicator.type';

/** Indicators are stored as one JSON document on the initiative: they are read and written whole. */
function toStoredIndicator(input: IndicatorInput, inherited: string[]): Indicator {
  const sourceIds = input.sourceIds?.length ? input.sourceIds : inherited;
  return {
    name: input.name,
    value: input.value,
    unit: input.unit ?? null,
    sourceIds,
    breakdown: (input.breakdown ?? []).map((part) => toStoredIndicator(part, sourceIds)),
  };
}


export class InitiativeService extends NodeService<Initiative, InitiativeInput> {
  declare readonly repository: InitiativeRepository;

  constructor(
    db: Database,
    audit: AuditService,
    private readonly sources: SourceService,
    private readonly filters: FilterService,
  ) {
    super(db, audit, new InitiativeRepository(), toInitiative, 'upsertInitiative');
  }

  protected props(input: InitiativeInput): Record<string, unknown> {
    const { budget, indicators, startDate, endDate, ...rest } = input;
    const props: Record<string, unknown> = withTagsAndAttributes(withAliasesText(withCleanNames(definedProps(rest, ['id']))));
    Object.assign(props, periodProps({ startDate, endDate }));
    if (budget !== undefined) {
      Object.assign(props, storeBudget(budget, 'budget'));
    }
    if (indicators !== undefined) {
      const stored = (indicators ?? []).map((indicator, index) => {
        if (!indicator.sourceIds?.length) {
          throw new BadInputError(`indicators.${index}.sourceIds`, 'must name at least one source');
        }
        return toStoredIndicator(indicator, []);
      });
      props.indicatorsJson = JSON.stringify(stored);
      props.indicatorSourceIds = [...new Set(indicatorSourceIds(stored))];
    }
    return props;
  }

  protected override async checkReferences(tx: Tx, inputs: readonly InitiativeInput[]): Promise<void> {
    const ids = inputs.flatMap((input) => [
      ...(input.sourceIds ?? []),
      ...indicatorSourceIds(input.indicators),
    ]);
    await this.sources.assertExist(tx, ids, 'sourceIds', false);
  }

  /** `read`: what the client selected (PageReads); all of it when left out. */
  async list(
    filter: InitiativeFilter | undefined,
    first: number,
    after: string | undefined,
    sort?: readonly SortSpec[] | null,
    read?: PageReads,
  ): Promise<Page<Initiative>> {
    const order = nodeOrder(sort, after);
    const afterId = order ? null : decodeCursor(after);
    const page = await this.db.read(async (tx) => {
      return this.repository.list(tx, await this.filters.initiativeFilter(tx, filter), first, afterId, order, read);
    });
    return order ? this.toSortedPage(page, order) : this.toPage(page, afterId);
  }
}
