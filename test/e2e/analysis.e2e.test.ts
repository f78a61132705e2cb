import { gql } from 'graphql-request';
import { MultiDirectedGraph } from 'graphology';
import { parse as parseGexf } from 'graphology-gexf';
import { startTestServer, TestServer } from '../support/server';
import { errorOf } from '../support/errors';

const START = gql`
  mutation Start($input: AnalysisInput) {
    startAnalysis(input: $input) { id state progress }
  }
`;
const JOB = gql`
  query Job($id: ID!) {
    analysisJob(id: $id) { id state progress phase startedAt finishedAt nodeCount edgeCount error sampleSize types metrics current communityCount modularity }
  }
`;

interface Job {
  id: string;
  state: string;
  progress: number;
  nodeCount: number | null;
  edgeCount: number | null;
  error: string | null;
  current: boolean;
  communityCount: number | null;
}

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});

afterAll(async () => {
  await server.database.services.analysis.stop();
  await server.close();
});

/** Other test files run jobs too, one at a time across the database: wait for a free turn. */
async function start(input: Record<string, unknown> = {}): Promise<Job> {
  const deadline = Date.now() + 180_000;
  for (;;) {
    try {
      return (await server.editor.request<{ startAnalysis: Job }>(START, { input })).startAnalysis;
    } catch (error) {
      if (!/already running/.test(String(error)) || Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}

async function finished(id: string): Promise<Job> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const { analysisJob } = await server.anonymous.request<{ analysisJob: Job }>(JOB, { id });
    if (analysisJob.state === 'DONE' || analysisJob.state === 'FAILED') return analysisJob;
    if (Date.now() > deadline) throw new Error(`job ${id} still ${analysisJob.state}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('analysis jobs over HTTP', () => {
  let job: Job;

  it('need an editor key, and refuse bad input naming the field', async () => {
    const anonymous = await errorOf(server.anonymous.request(START, {}));
    expect(['UNAUTHENTICATED', 'FORBIDDEN']).toContain(anonymous.extensions.code);
    const bad = await errorOf(server.editor.request(START, { input: { sampleSize: 5 } }));
    expect(bad.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'sampleSize' });
    expect(bad.message).not.toMatch(/MATCH|at .*\.ts/);
  });

  it('run to DONE, and analysisJob reports it', async () => {
    const started = await start();
    expect(started).toMatchObject({ state: 'QUEUED', progress: 0 });
    job = await finished(started.id);
    expect(job).toMatchObject({ state: 'DONE', error: null, current: true, progress: 1 });
    expect(job.nodeCount).toBeGreaterThan(10);
    expect(job.edgeCount).toBeGreaterThan(10);
    expect(job.communityCount).toBeGreaterThan(0);
    const { analysisJob } = await server.anonymous.request<{ analysisJob: Job | null }>(JOB, { id: 'analysis-that-does-not-exist' });
    expect(analysisJob).toBeNull();
  });

  it('give actors stored metrics, and sort them by PageRank with cursors', async () => {
    const SORTED = gql`
      query Sorted($after: String) {
        actors(first: 5, after: $after, sort: [{ field: PAGERANK, direction: DESC }]) {
          edges { cursor node { id metrics { degree pagerank betweenness closeness eigenvector community x y computedAt jobId } } }
          pageInfo { hasNextPage endCursor }
        }
      }
    `;
    type Page = { actors: { edges: { cursor: string; node: { id: string; metrics: { pagerank: number; jobId: string; computedAt: string } | null } }[]; pageInfo: { endCursor: string } } };
    const first = await server.anonymous.request<Page>(SORTED, {});
    const second = await server.anonymous.request<Page>(SORTED, { after: first.actors.pageInfo.endCursor });
    const nodes = [...first.actors.edges, ...second.actors.edges].map((edge) => edge.node);
    expect(new Set(nodes.map((node) => node.id)).size).toBe(10);
    const ranks = nodes.map((node) => node.metrics!.pagerank);
    expect([...ranks].sort((a, b) => b - a)).toEqual(ranks);
    for (const node of nodes) expect(node.metrics).toMatchObject({ jobId: job.id });
    expect(Number.isNaN(Date.parse(nodes[0].metrics!.computedAt))).toBe(false);
    const { currentAnalysis } = await server.anonymous.request<{ currentAnalysis: { id: string } }>(gql`{ currentAnalysis { id } }`);
    expect(currentAnalysis.id).toBe(job.id);
  });

  it('go into the whole-graph export files: metrics as attributes, the layout as GEXF positions and Cytoscape positions, PageRank as GEXF sizes', async () => {
    const METRICS = gql`
      query Metrics {
        currentAnalysis { id }
        undp: actor(id: "undp") { ...stored }
        afd: actor(id: "afd") { ...stored }
        coorace: actor(id: "coorace") { ...stored }
        avise: actor(id: "avise") { ...stored }
      }
      fragment stored on Actor { id metrics { degree pagerank betweenness closeness eigenvector community x y } }
    `;
    type Metrics = { degree: number; pagerank: number; betweenness: number; closeness: number; eigenvector: number; community: number; x: number; y: number };
    type Actor = { id: string; metrics: Metrics | null };
    type Read = { currentAnalysis: { id: string }; undp: Actor; afd: Actor; coorace: Actor; avise: Actor };
    const actorsOf = (read: Read) => [read.undp, read.afd, read.coorace, read.avise];
    // Another file may finish a job of its own meanwhile: compare only a file and values of one job.
    for (let attempt = 1; ; attempt++) {
      const before = await server.anonymous.request<Read>(METRICS);
      const [gexf, cytoscapeFile] = await Promise.all(['gexf', 'cytoscape'].map(async (format) => (await fetch(`${server.baseUrl}/export/${format}?scope=all`)).text()));
      const after = await server.anonymous.request<Read>(METRICS);
      if (before.currentAnalysis.id !== after.currentAnalysis.id && attempt < 3) continue;
      expect(after.currentAnalysis.id).toBe(before.currentAnalysis.id);
      const graph = parseGexf(MultiDirectedGraph, gexf);
      const cy = JSON.parse(cytoscapeFile) as { elements: { nodes: { data: Record<string, unknown>; position?: { x: number; y: number } }[] } };
      const cyById = new Map(cy.elements.nodes.map((node) => [node.data.id, node]));
      for (const { id, metrics } of actorsOf(after)) {
        expect(metrics).not.toBeNull();
        const m = metrics!;
        const written = graph.getNodeAttributes(id);
        expect(written).toMatchObject({ x: m.x, y: m.y, analysis_pagerank: m.pagerank, analysis_degree: m.degree, analysis_community: m.community, analysis_betweenness: m.betweenness });
        expect(written.size).toBeGreaterThanOrEqual(5);
        expect(written.size).toBeLessThanOrEqual(50);
        expect(cyById.get(id)).toMatchObject({ position: { x: m.x, y: m.y }, data: { analysis_pagerank: m.pagerank, analysis_closeness: m.closeness } });
      }
      const sizes = actorsOf(after).map(({ id }) => graph.getNodeAttribute(id, 'size') as number);
      const ranks = actorsOf(after).map(({ metrics }) => metrics!.pagerank);
      // The size grows with PageRank.
      const byRank = [...sizes.keys()].sort((a, b) => ranks[a] - ranks[b]);
      expect(byRank.map((i) => sizes[i])).toEqual([...sizes].sort((a, b) => a - b));
      return;
    }
  });

  it('list communities with labels and top nodes, and the community network', async () => {
    const result = await server.anonymous.request<{
      communities: { id: number; size: number; label: string; topNodes: { id: string; name: string }[] }[];
      communityNetwork: { jobId: string; nodes: { id: number; size: number }[]; links: { source: number; target: number; weight: number }[] };
    }>(gql`
      {
        communities(first: 5) { id size label internalLinks topNodes { id name } }
        communityNetwork(first: 20) { jobId nodes { id size x y } links { source target weight } }
      }
    `);
    expect(result.communities.length).toBeGreaterThan(0);
    expect(result.communities[0]).toMatchObject({ id: 0 });
    expect(result.communities[0].topNodes.length).toBeGreaterThan(0);
    expect(result.communities[0].label.trim().length).toBeGreaterThan(0);
    const sizes = result.communities.map((c) => c.size);
    expect([...sizes].sort((a, b) => b - a)).toEqual(sizes);
    expect(result.communityNetwork.jobId).toBe(job.id);
    const ids = new Set(result.communityNetwork.nodes.map((node) => node.id));
    for (const link of result.communityNetwork.links) {
      expect(ids.has(link.source) && ids.has(link.target)).toBe(true);
      expect(link.weight).toBeGreaterThan(0);
    }
  });

  it('cancel a running job, and refuse to cancel one that has ended', async () => {
    const CANCEL = gql`mutation Cancel($id: ID!) { cancelAnalysis(id: $id) { id state error } }`;
    const ended = await errorOf(server.editor.request(CANCEL, { id: job.id }));
    expect(ended.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });
    const running = await start({ layoutIterations: 1000, metrics: ['DEGREE', 'LAYOUT'] });
    const { cancelAnalysis } = await server.editor.request<{ cancelAnalysis: { state: string; error: string } }>(CANCEL, { id: running.id });
    expect(cancelAnalysis).toMatchObject({ state: 'FAILED', error: 'cancelled by editor-team' });
    const { currentAnalysis } = await server.anonymous.request<{ currentAnalysis: { id: string } }>(gql`{ currentAnalysis { id } }`);
    expect(currentAnalysis.id).toBe(job.id);
  });
});
