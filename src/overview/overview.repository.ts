import type { Tx } from '../db/database';
import type { Statement } from '../network/queries/cypher';
import type { ResultRecord } from '../network/queries/rows';
import {
  decodeOverviewLinks,
  decodeOverviewNodes,
  OverviewLinkRow,
  OverviewLinksQuery,
  overviewLinksStatement,
  OverviewNodeRow,
  OverviewNodesQuery,
  overviewNodesStatement,
} from './overview.query';

async function run<T>(tx: Tx, statement: Statement, decode: (records: readonly ResultRecord[]) => T): Promise<T> {
  const result = await tx.run(statement.cypher, statement.params);
  return decode(result.records);
}

/** The overview's reads; the Cypher is in overview.query.ts. */
export class OverviewRepository {
  nodes(tx: Tx, q: OverviewNodesQuery): Promise<OverviewNodeRow[]> {
    return run(tx, overviewNodesStatement(q), decodeOverviewNodes);
  }

  links(tx: Tx, q: OverviewLinksQuery): Promise<OverviewLinkRow[]> {
    return run(tx, overviewLinksStatement(q), decodeOverviewLinks);
  }
}
