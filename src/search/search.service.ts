import type { Database, Tx } from '../db/database';
import type { NodeLabel } from '../relationships/relationship-kinds';
import { NODE_LABELS } from '../relationships/relationship-kinds';
import { toLuceneQuery } from './lucene';
import { SearchRepository, SearchRow } from './search.repository';

const TEXT_FILTER_LIMIT = 5000;

export class SearchService {
  constructor(
    private readonly db: Database,
    private readonly repository = new SearchRepository(),
  ) {}

  async search(text: string, first: number, labels: readonly NodeLabel[] = NODE_LABELS): Promise<SearchRow[]> {
    const query = toLuceneQuery(text);
    if (!query) return [];
    return this.db.read((tx) => this.repository.search(tx, query, labels, first));
  }

  /** Ids of nodes of one label whose names match, for list filters that take free text. */
  async matchingIds(tx: Tx, text: string, label: NodeLabel): Promise<string[]> {
    const query = toLuceneQuery(text);
    if (!query) return [];
    const rows = await this.repository.search(tx, query, [label], TEXT_FILTER_LIMIT);
    return rows.map((row) => String(row.props.id));
  }
}
