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

  it('lets the reader stop half-way (a client gone), leaving no unhandled rejection', async () => {
    const rejections: unknown[] = [];
    const onRejection = (reason: unknown) => rejections.push(reason);
    process.on('unhandledRejection', onRejection);
    try {
      const exporter = new WholeGraphExportService(test.db, undefined, 7);
      const chunks = exporter.write({ format: ExportFormat.CYTOSCAPE, types: RELATIONSHIP_TYPES });
      await chunks.next();
      await chunks.next();
      // The client is gone: the generator is closed between two pages.
      await chunks.return(undefined);
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(rejections).toEqual([]);
    } finally {
      process.off('unhandledRejection', onRejection);
    }
  });
});
