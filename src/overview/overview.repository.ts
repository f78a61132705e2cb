import type { Tx } from '../db/database';
import { runStatement } from '../network/queries/cypher';
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

/** The overview's reads; the Cypher is in overview.query.ts. */
export class OverviewRepository {
  nodes(tx: Tx, q: OverviewNodesQuery): Promise<OverviewNodeRow[]> {
    return runStatement(tx, overviewNodesStatement(q), decodeOverviewNodes);
  }

  links(tx: Tx, q: OverviewLinksQuery): Promise<OverviewLinkRow[]> {
    return runStatement(tx, overviewLinksStatement(q), decodeOverviewLinks);
  }
}
