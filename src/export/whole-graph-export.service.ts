import type { Database } from '../db/database';
import { AnalysisRepository } from '../analysis/analysis.repository';
import { AnalysisSlot, storedNodeValues } from '../analysis/analysis.properties';
import { NetworkRepository } from '../network/network.repository';
import { toNetworkEdge, toNetworkNode } from '../network/network-builder';
import type { NetworkEdge, NetworkNode } from '../network/network.type';
import { NODE_LABELS, RelationshipTypeName } from '../relationships/relationship-kinds';
import { toCytoscape } from './cytoscape.format';
import { csvHead, CsvModelBuilder } from './csv.format';
import { GEXF_EDGES_OPEN, GEXF_NODES_OPEN, GEXF_TAIL, gexfHead, GexfModelBuilder } from './gexf.format';
import { GRAPHML_TAIL, graphmlHead, GraphmlModelBuilder } from './graphml.format';
import { PageFormatThread } from './page-format.thread';
import { pageWriter, PageWriterSpec } from './page-writer';
import { CsvTable, ExportFormat } from './export.type';

export type WholeGraphFormat = Exclude<ExportFormat, ExportFormat.SANKEY>;

export interface WholeGraphRequest {
  format: WholeGraphFormat;
  /** The relationship types to write; every node is written whatever its links. */
  types: readonly RelationshipTypeName[];
  table?: CsvTable;
}

export interface WholeGraphProgress {
  /** Elements read so far and in all, over every pass: the typed formats read the graph twice. */
  (done: number, total: number): void;
}

export const WHOLE_GRAPH_PAGE_SIZE = 5000;
/**
 * A page is one short read, but on a cold page cache a page of 5,000 links with their properties
 * can take longer than the API's per-request timeout, which is meant for interactive queries.
 */
export const WHOLE_GRAPH_PAGE_TIMEOUT_MS = 60_000;

interface ModelBuilder {
  addNodes(nodes: readonly NetworkNode[]): void;
  addEdges(edges: readonly NetworkEdge[]): void;
}

/**
 * Exports of the whole graph, of any size, in the formats of visualisation tools, as a stream of
 * text chunks: GET /export/{format}?scope=all and `npm run export`. The graph is read a page at a
 * time (network/queries/whole-graph.query.ts), each page in a short read of its own, and written
 * as it comes, so memory holds one page, the attribute model and the set of node ids written
 * (links whose ends were not written, because a node was created while the export ran, are left
 * out: every file is self-contained). Nodes carry the values of the analysis that was current when
 * the export began (metrics as attributes, the layout as positions), the same one to the last page
 * even if another job finishes meanwhile. GEXF, GraphML and CSV declare their typed attributes or
 * columns before the first element, so they read the graph twice: once for the model, once to
 * write. The answer is not a snapshot of one moment; `npm run dump` is, for backups.
 */
export class WholeGraphExportService {
  constructor(
    private readonly db: Database,
    private readonly repository = new NetworkRepository(),
    private readonly pageSize = WHOLE_GRAPH_PAGE_SIZE,
    private readonly analyses = new AnalysisRepository(),
    private readonly formatInWorkerAbove = FORMAT_IN_WORKER_ABOVE,
  ) {}

  async *write(request: WholeGraphRequest, onProgress?: WholeGraphProgress): AsyncGenerator<string> {
    const { format, types } = request;
    const table = request.table ?? CsvTable.EDGES;
    const { counts, analysis } = await this.db.read(
      async (tx) => ({ counts: await this.repository.wholeGraphCounts(tx, NODE_LABELS, types), analysis: await this.analyses.current(tx) }),
      { timeoutMs: WHOLE_GRAPH_PAGE_TIMEOUT_MS },
    );
    const slot: AnalysisSlot | null = analysis ? { prefix: analysis.prefix, jobId: analysis.id } : null;
    const passes = format === ExportFormat.CYTOSCAPE ? 1 : 2;
    const withEdges = !(format === ExportFormat.CSV && table === CsvTable.NODES);
    const total = passes * (counts.nodes + (withEdges ? counts.links : 0));
    let done = 0;
    const pages = new Pages(this.db, this.repository, this.pageSize, types, slot, (n) => {
      done += n;
      onProgress?.(done, total);
    });

    const modelOf = async <M extends ModelBuilder>(builder: M): Promise<M> => {
      for await (const nodes of pages.nodes()) builder.addNodes(nodes);
      if (withEdges) for await (const edges of pages.edges()) builder.addEdges(edges);
      return builder;
    };

    switch (format) {
      case ExportFormat.CYTOSCAPE: {
        let first = true;
        const elements = (items: readonly unknown[]) => {
          const text = items.map((item) => JSON.stringify(item)).join(',');
          const chunk = first || text === '' ? text : `,${text}`;
          if (text !== '') first = false;
          return chunk;
        };
        yield '{"elements":{"nodes":[';
        for await (const nodes of pages.nodes()) yield elements(toCytoscape({ nodes, edges: [], truncated: false }).elements.nodes);
        yield '],"edges":[';
        first = true;
        for await (const edges of pages.edges()) yield elements(toCytoscape({ nodes: [], edges, truncated: false }).elements.edges);
        yield ']}}\n';
        return;
      }
      case ExportFormat.GEXF: {
        const spec: PageWriterSpec = { format: 'gexf', model: (await modelOf(new GexfModelBuilder())).model() };
        yield gexfHead(spec.model) + GEXF_NODES_OPEN;
        yield* this.written(spec, total, (write) => [write.nodes(pages.nodes()), [GEXF_EDGES_OPEN], write.edges(pages.edges()), [GEXF_TAIL]]);
        return;
      }
      case ExportFormat.GRAPHML: {
        const spec: PageWriterSpec = { format: 'graphml', model: (await modelOf(new GraphmlModelBuilder())).model() };
        yield graphmlHead(spec.model);
        yield* this.written(spec, total, (write) => [write.nodes(pages.nodes()), write.edges(pages.edges()), [GRAPHML_TAIL]]);
        return;
      }
      case ExportFormat.CSV: {
        const spec: PageWriterSpec = { format: 'csv', model: (await modelOf(new CsvModelBuilder(table))).model() };
        yield csvHead(spec.model);
        if (table === CsvTable.NODES) {
          yield* this.written(spec, total, (write) => [write.nodes(pages.nodes())]);
        } else {
          // The nodes are read only to know which ends were written.
          for await (const _nodes of pages.nodes());
          yield* this.written(spec, total, (write) => [write.edges(pages.edges())]);
        }
        return;
      }
    }
  }

  /**
   * The text of the parts in order, the pages formatted by one writer: in this thread for a small
   * graph, in a worker thread for one of more than formatInWorkerAbove elements (a worker and its
   * modules take tens of milliseconds to start), with at most PAGES_IN_FLIGHT pages waiting for it.
   */
  private async *written(spec: PageWriterSpec, elements: number, parts: (write: PagesWriter) => (AsyncIterable<string> | Iterable<string>)[]): AsyncGenerator<string> {
    const thread = elements > this.formatInWorkerAbove ? new PageFormatThread(spec) : null;
    const inThread = pageWriter(spec);
    const write = <T extends NetworkNode | NetworkEdge>(kind: 'nodes' | 'edges', format: (items: readonly T[]) => string) =>
      async function* (pages: AsyncIterable<T[]>): AsyncGenerator<string> {
        if (!thread) {
          for await (const page of pages) yield format(page);
          return;
        }
        const pending: Promise<string>[] = [];
        for await (const page of pages) {
          const text = thread.format(kind, page as readonly NetworkNode[] | readonly NetworkEdge[]);
          // Awaited in turn below; until then a failure must not count as unhandled.
          text.catch(() => undefined);
          pending.push(text);
          if (pending.length > PAGES_IN_FLIGHT) yield await pending.shift()!;
        }
        while (pending.length > 0) yield await pending.shift()!;
      };
    const writer: PagesWriter = { nodes: write('nodes', inThread.nodes), edges: write('edges', inThread.edges) };
    try {
      for (const part of parts(writer)) for await (const text of part) yield text;
    } finally {
      await thread?.close();
    }
  }
}

interface PagesWriter {
  nodes(pages: AsyncIterable<NetworkNode[]>): AsyncIterable<string>;
  edges(pages: AsyncIterable<NetworkEdge[]>): AsyncIterable<string>;
}

/** Pages sent to the formatting thread and not yet written out: enough to keep it busy, few enough to keep memory flat. */
const PAGES_IN_FLIGHT = 2;

/** Elements (over the writing pass) above which an export formats its pages in a worker thread. */
export const FORMAT_IN_WORKER_ABOVE = 50_000;

function withAnalysis(node: NetworkNode, values: unknown): NetworkNode {
  const analysis = storedNodeValues(Array.isArray(values) ? values : null);
  if (analysis) node.analysis = analysis;
  return node;
}

/** The graph's nodes, then its links among the nodes read last, a page at a time. */
class Pages {
  private readonly written = new Set<string>();

  constructor(
    private readonly db: Database,
    private readonly repository: NetworkRepository,
    private readonly size: number,
    private readonly types: readonly RelationshipTypeName[],
    private readonly slot: AnalysisSlot | null,
    private readonly progressed: (n: number) => void,
  ) {}

  async *nodes(): AsyncGenerator<NetworkNode[]> {
    this.written.clear();
    for (const label of NODE_LABELS) {
      let after = '';
      for (;;) {
        const rows = await this.db.read((tx) => this.repository.wholeGraphNodes(tx, label, { after, limit: this.size }, this.slot), {
          timeoutMs: WHOLE_GRAPH_PAGE_TIMEOUT_MS,
        });
        if (rows.length === 0) break;
        const nodes = rows.map((props) => withAnalysis(toNetworkNode(label, props), props.analysis));
        for (const node of nodes) this.written.add(node.id);
        this.progressed(nodes.length);
        yield nodes;
        if (rows.length < this.size) break;
        after = nodes[nodes.length - 1].id;
      }
    }
  }

  async *edges(): AsyncGenerator<NetworkEdge[]> {
    for (const type of this.types) {
      let after = '';
      for (;;) {
        const rows = await this.db.read((tx) => this.repository.wholeGraphLinks(tx, type, { after, limit: this.size }), { timeoutMs: WHOLE_GRAPH_PAGE_TIMEOUT_MS });
        if (rows.length === 0) break;
        this.progressed(rows.length);
        yield rows.filter((row) => this.written.has(row.source) && this.written.has(row.target)).map(toNetworkEdge);
        if (rows.length < this.size) break;
        after = rows[rows.length - 1].id;
      }
    }
  }
}
