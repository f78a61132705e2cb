import Graph from 'graphology';
import { parse as parseGexf } from 'graphology-gexf';
import { WholeGraphExportService } from '../../src/export/whole-graph-export.service';
import { ExportFormat } from '../../src/export/export.type';
import { RELATIONSHIP_TYPES } from '../../src/relationships/relationship-kinds';
import { openTestDatabase, TestDatabase } from '../support/database';
import { seededLinkIds, seededNodeIds } from '../support/seed-files';

/**
 * The whole-graph export's paging, with pages of 7 so that every label and type spans many: every
 * node and link once, none skipped or repeated at a page's edge.
 * Other files write to the same database meanwhile, so the checks hold the seeds to the file and
 * every id to appearing once.
 */

describe('whole-graph exports, a page at a time', () => {
  let test: TestDatabase;
  beforeAll(async () => {
    test = await openTestDatabase();
  });
  afterAll(async () => {
    await test.close();
  });

  it('write every node and link once with pages of 7', async () => {
    const exporter = new WholeGraphExportService(test.db, undefined, 7);
    let text = '';
    let progressed = 0;
    for await (const chunk of exporter.write({ format: ExportFormat.CYTOSCAPE, types: RELATIONSHIP_TYPES }, (done) => (progressed = done))) text += chunk;
    const document = JSON.parse(text) as { elements: { nodes: { data: { id: string } }[]; edges: { data: { id: string; source: string; target: string } }[] } };
    const nodeIds = document.elements.nodes.map((node) => node.data.id);
    const linkIds = document.elements.edges.map((edge) => edge.data.id);
    expect(nodeIds.length).toBe(new Set(nodeIds).size);
    expect(linkIds.length).toBe(new Set(linkIds).size);
    const nodes = seededNodeIds();
    const links = seededLinkIds();
    const written = new Set(nodeIds);
    const writtenLinks = new Set(linkIds);
    expect(nodes.filter((id) => !written.has(id))).toEqual([]);
    expect(links.filter((id) => !writtenLinks.has(id))).toEqual([]);
    expect(document.elements.edges.filter((edge) => !written.has(edge.data.source) || !written.has(edge.data.target))).toEqual([]);
    expect(progressed).toBeGreaterThanOrEqual(nodeIds.length + linkIds.length);
  });

  it('format their pages in a worker thread past the threshold: every node and link once, in a file Gephi reads', async () => {
    // Pages of 500: the paging is the test above's; here every page goes through the thread, and
    // the shared database holds what other files wrote too (in CI, thousands of pages of 7 per pass).
    const exporter = new WholeGraphExportService(test.db, undefined, 500, undefined, 0);
    let text = '';
    for await (const chunk of exporter.write({ format: ExportFormat.GEXF, types: RELATIONSHIP_TYPES })) text += chunk;
    const graph = parseGexf(Graph, text, { allowUndeclaredAttributes: false });
    const nodeIds = [...text.matchAll(/<node id="([^"]+)"/g)].map((match) => match[1]);
    const linkIds = [...text.matchAll(/<edge id="([^"]+)"/g)].map((match) => match[1]);
    expect(nodeIds.length).toBe(new Set(nodeIds).size);
    expect(linkIds.length).toBe(new Set(linkIds).size);
    expect(graph.order).toBe(nodeIds.length);
    const written = new Set(nodeIds);
    const writtenLinks = new Set(linkIds);
    expect(seededNodeIds().filter((id) => !written.has(id))).toEqual([]);
    expect(seededLinkIds().filter((id) => !writtenLinks.has(id))).toEqual([]);
  }, 180_000);

  it('lets the reader stop half-way (a client gone), leaving no unhandled rejection', async () => {
    const rejections: unknown[] = [];
    const onRejection = (reason: unknown) => rejections.push(reason);
    process.on('unhandledRejection', onRejection);
    try {
      for (const format of [ExportFormat.CYTOSCAPE, ExportFormat.GEXF] as const) {
        // GEXF with its pages formatted in a worker thread, which must stop too.
        const exporter = new WholeGraphExportService(test.db, undefined, format === ExportFormat.GEXF ? 500 : 7, undefined, 0);
        const chunks = exporter.write({ format, types: RELATIONSHIP_TYPES });
        await chunks.next();
        await chunks.next();
        // The client is gone: the generator is closed between two pages.
        await chunks.return(undefined);
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(rejections).toEqual([]);
    } finally {
      process.off('unhandledRejection', onRejection);
    }
  });
});
