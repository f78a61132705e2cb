import { int, Tx } from './database';
import { plainRecord, toPlain } from '../common/neo4j-values';
import { projectProperties } from './projection';
import type { RecordLabel } from '../relationships/relationship-kinds';
import { NodeOrder, sortClauses } from '../analysis/node-sort';

export type WriteOutcome = 'created' | 'updated' | 'unchanged';

export interface UpsertResult {
  id: string;
  outcome: WriteOutcome;
  before: Record<string, unknown> | null;
  after: Record<string, unknown>;
  changedKeys: string[];
}

export interface NodeRow {
  id: string;
  /** Properties to set; a null value removes the property, an absent key leaves it alone. */
  props: Record<string, unknown>;
}

export interface NodePageQuery {
  /** A Cypher boolean over `n`, built from constant fragments only; values go in `params`. */
  where: string[];
  params: Record<string, unknown>;
  first: number;
  afterId: string | null;
  /**
   * Where the candidates come from instead of every node of the label, when an index elsewhere
   * finds them faster: a constant Cypher fragment that binds `n` (values in `params`).
   */
  from?: string;
  /** A sort other than by id (node-sort.ts); `afterId` is then ignored for the cursor inside it. */
  order?: NodeOrder | null;
  /** What the client's selection needs; everything when left out. */
  read?: PageReads;
}

/**
 * What a page must read for the client's selection, as compiled GraphQL layers do: only the
 * selected properties, and the total only when `totalCount` is selected (counting a filtered list
 * reads every match, where a page in id order stops after `first`).
 */
export interface PageReads {
  totalCount: boolean;
  /** Stored properties to read (e.g. actorPropertiesFor); null reads them all. */
  properties: readonly string[] | null;
  /** What the selection's nested fields need of each node of the page, read in the same statement. */
  nested?: NestedRead | null;
}

/**
 * Cypher run for each node of a page, bound to `n`, that binds `values` (e.g. nestedLinkPages):
 * the page's statement reads them for every node it returns, so that the nested fields' resolvers
 * find them read instead of sending a statement of their own.
 */
export interface NestedRead {
  cypher: string;
  params: Record<string, unknown>;
  values: readonly string[];
}

/** Filters every node list offers; label-specific ones come in `where`/`params`. */
export interface CommonFilter {
  kinds?: string[] | null;
  territoryId?: string | null;
  textIds?: string[] | null;
}

export interface NodePage {
  rows: Record<string, unknown>[];
  /** Null when PageReads left it out. */
  totalCount: number | null;
  hasNextPage: boolean;
  /** Under an `order`: each row's sort key values, for its cursor. */
  keys?: unknown[][];
  /** With PageReads.nested: the values it binds, in its order, by node id. */
  nested?: Map<string, unknown[]>;
}

/**
 * Cypher shared by every node label. The label is one of the fixed model labels, never a client
 * value, so it is the one thing interpolated into the statements.
 */
export class NodeRepository {
  constructor(readonly label: RecordLabel) {}

  async findByIds(tx: Tx, ids: readonly string[]): Promise<Map<string, Record<string, unknown>>> {
    const result = await tx.run(
      `UNWIND $ids AS id MATCH (n:${this.label} {id: id}) RETURN properties(n) AS props`,
      { ids },
    );
    const byId = new Map<string, Record<string, unknown>>();
    for (const record of result.records) {
      const props = plainRecord(record.get('props'));
      byId.set(String(props.id), props);
    }
    return byId;
  }

  async existingIds(tx: Tx, ids: readonly string[]): Promise<Set<string>> {
    const result = await tx.run(`UNWIND $ids AS id MATCH (n:${this.label} {id: id}) RETURN n.id AS id`, { ids });
    return new Set(result.records.map((r) => String(r.get('id'))));
  }

  /**
   * A page in id order and the total under the same filter. Unfiltered, the total comes from the
   * count store and the page from a top-k sort, two cheap passes. Filtered, one pass reads the
   * matching rows once and serves both: counting and paging separately read them twice (87k
   * against 43k db hits for a kind + country filter on 100k actors, bench/plans).
   */
  async page(tx: Tx, query: NodePageQuery): Promise<NodePage> {
    if (query.order) return this.sortedPage(tx, query, query.order);
    // '' comes before every id, so the first page needs no `$afterId IS NULL OR …`: that
    // disjunction turned the id index's range seek (203 db hits for a page of 100 of 100k actors)
    // into a label scan and a sort (200,112 db hits, 5x the time; bench graph, PROFILE).
    const params = { ...query.params, ...this.nestedParams(query), afterId: query.afterId ?? '', limit: int(query.first + 1) };
    const projection = (n: string) => projectProperties(n, query.read?.properties);
    const from = query.from ?? `MATCH (n:${this.label})`;
    const counting = !query.read || query.read.totalCount;
    let result;
    if (!counting) {
      result = await tx.run(
        `${from} WHERE ${[...query.where, 'n.id > $afterId'].join(' AND ')}
         WITH n ORDER BY n.id LIMIT $limit
         WITH null AS totalCount, collect(${projection('n')}) AS rows
         ${this.returning(query, ['totalCount', 'rows'])}`,
        params,
      );
    } else if (query.where.length || query.from) {
      result = await tx.run(
        `${from} WHERE ${query.where.join(' AND ') || 'true'}
         WITH n, n.id AS id ORDER BY id
         WITH count(*) AS totalCount, collect({id: id, n: n}) AS ordered
         WITH totalCount, [entry IN ordered WHERE entry.id > $afterId][0..$limit] AS page
         WITH totalCount, [entry IN page | ${projection('entry.n')}] AS rows
         ${this.returning(query, ['totalCount', 'rows'])}`,
        params,
      );
    } else {
      result = await tx.run(
        `CALL { MATCH (n:${this.label}) RETURN count(n) AS totalCount }
         CALL {
           MATCH (n:${this.label}) WHERE n.id > $afterId
           WITH n ORDER BY n.id LIMIT $limit
           RETURN collect(${projection('n')}) AS rows
         }
         ${this.returning(query, ['totalCount', 'rows'])}`,
        params,
      );
    }
    const record = result.records[0];
    const counted = record?.get('totalCount');
    const totalCount = !counting ? null : counted == null ? 0 : Number(counted);
    const rows = record ? (record.get('rows') as unknown[]).map(plainRecord) : [];
    return { rows: rows.slice(0, query.first), totalCount, hasNextPage: rows.length > query.first, nested: this.nestedValues(query, record) };
  }

  /**
   * The end of a page's statement, over the bound `columns` (rows among them): with a nested
   * read, each node of the page is looked up again by id (an index seek, for at most `first`
   * nodes) and its nested values are read beside it.
   */
  private returning(query: NodePageQuery, columns: readonly string[]): string {
    const nested = query.read?.nested;
    if (!nested) return `RETURN ${columns.join(', ')}`;
    return `CALL (rows) {
           UNWIND rows[0..$nestedRows] AS row
           MATCH (n:${this.label} {id: row.id})
           ${nested.cypher}
           RETURN collect({id: row.id, values: [${nested.values.join(', ')}]}) AS nested
         }
         RETURN ${columns.join(', ')}, nested`;
  }

  private nestedParams(query: NodePageQuery): Record<string, unknown> {
    const nested = query.read?.nested;
    return nested ? { ...nested.params, nestedRows: int(query.first) } : {};
  }

  private nestedValues(query: NodePageQuery, record: { get(key: string): unknown } | undefined): Map<string, unknown[]> | undefined {
    if (!query.read?.nested) return undefined;
    const found = (record?.get('nested') ?? []) as { id: unknown; values: unknown[] }[];
    return new Map(found.map((entry) => [String(entry.id), entry.values]));
  }

  /**
   * A page in the order of stored metrics or names: the matching nodes, the current analysis
   * looked up once for all of them, then a top-k sort past the cursor. Every matching node is
   * read (no index orders by a metric of whichever slot is current).
   */
  private async sortedPage(tx: Tx, query: NodePageQuery, order: NodeOrder): Promise<NodePage> {
    const sorted = sortClauses(order, 'n.id');
    const result = await tx.run(
      `${query.from ?? `MATCH (n:${this.label})`} WHERE ${query.where.join(' AND ') || 'true'}
       WITH collect(n) AS matched
       OPTIONAL MATCH (analysis:AnalysisJob {current: true})
       WITH matched, analysis ORDER BY analysis.finishedAt DESC LIMIT 1
       WITH matched, analysis, size(matched) AS totalCount
       UNWIND matched AS n
       WITH totalCount, n, ${sorted.bindings}
       WHERE ${sorted.where}
       WITH totalCount, n, ${sorted.values} AS keys
       ORDER BY ${sorted.orderBy}
       LIMIT $limit
       WITH totalCount, collect(${projectProperties('n', query.read?.properties)}) AS rows, collect(keys) AS keys
       ${this.returning(query, ['totalCount', 'rows', 'keys'])}`,
      { ...query.params, ...sorted.params, ...this.nestedParams(query), limit: int(query.first + 1) },
    );
    const record = result.records[0];
    const rows = record ? (record.get('rows') as unknown[]).map(plainRecord) : [];
    // Counts come back as driver Integers; a cursor holds them as plain numbers.
    const keys = record ? (record.get('keys') as unknown[][]).map((values) => values.map(toPlain)) : [];
    // A cursor past the last match leaves no row at all, and no total: count again, cheaply.
    const totalCount = record ? Number(record.get('totalCount')) : order.after ? await this.countWhere(tx, query) : 0;
    return {
      rows: rows.slice(0, query.first),
      keys: keys.slice(0, query.first),
      totalCount,
      hasNextPage: rows.length > query.first,
      nested: this.nestedValues(query, record),
    };
  }

  private async countWhere(tx: Tx, query: NodePageQuery): Promise<number> {
    const result = await tx.run(
      `${query.from ?? `MATCH (n:${this.label})`} WHERE ${query.where.join(' AND ') || 'true'} RETURN count(n) AS c`,
      query.params,
    );
    return Number(result.records[0]?.get('c') ?? 0);
  }

  pageFiltered(tx: Tx, filter: CommonFilter, query: NodePageQuery): Promise<NodePage> {
    const where = [...query.where];
    const params = { ...query.params };
    if (filter.kinds?.length) {
      where.push('n.kind IN $kinds');
      params.kinds = filter.kinds;
    }
    if (filter.territoryId) {
      where.push('EXISTS { MATCH (n)-[:ACTS_IN]->(:Territory)-[:PART_OF*0..10]->(:Territory {id: $territoryId}) }');
      params.territoryId = filter.territoryId;
    }
    if (filter.textIds) {
      where.push('n.id IN $textIds');
      params.textIds = filter.textIds;
    }
    return this.page(tx, { ...query, where, params });
  }

  async count(tx: Tx): Promise<number> {
    const result = await tx.run(`MATCH (n:${this.label}) RETURN count(n) AS c`);
    return Number(result.records[0].get('c'));
  }

  /** One statement for the whole batch: MERGE on the id constraint, report what changed. */
  async upsertMany(tx: Tx, rows: readonly NodeRow[]): Promise<UpsertResult[]> {
    if (rows.length === 0) return [];
    const result = await tx.run(
      `UNWIND $rows AS row
       OPTIONAL MATCH (existing:${this.label} {id: row.id})
       WITH row, CASE WHEN existing IS NULL THEN null ELSE properties(existing) END AS before
       MERGE (n:${this.label} {id: row.id})
       ON CREATE SET n.createdAt = datetime()
       WITH n, row, before,
            [k IN keys(row.props) WHERE NOT coalesce(before[k] = row.props[k], before[k] IS NULL AND row.props[k] IS NULL)] AS changed
       SET n += row.props
       SET n.updatedAt = CASE WHEN before IS NULL OR size(changed) > 0 THEN datetime() ELSE n.updatedAt END
       RETURN row.id AS id, before, properties(n) AS after, changed`,
      { rows },
    );
    return result.records.map((record) => {
      const before = record.get('before') === null ? null : plainRecord(record.get('before'));
      const changedKeys = (record.get('changed') as string[]) ?? [];
      return {
        id: String(record.get('id')),
        before,
        after: plainRecord(record.get('after')),
        changedKeys,
        outcome: before === null ? 'created' : changedKeys.length > 0 ? 'updated' : 'unchanged',
      };
    });
  }

  async deleteById(tx: Tx, id: string): Promise<boolean> {
    const result = await tx.run(`MATCH (n:${this.label} {id: $id}) DETACH DELETE n RETURN count(*) AS c`, { id });
    return Number(result.records[0]?.get('c') ?? 0) > 0;
  }
}
