import { IndexBuilder, RefreshingIndex } from '../../src/duplicates/refreshing-index';

/** A graph whose version the test sets, and whose builds finish when the test says. */
class ControlledGraph implements IndexBuilder<string> {
  current = 'v1';
  builds: { version: string; previous: string | null; finish: () => void }[] = [];
  private clock = 0;

  version(): Promise<string> {
    return Promise.resolve(this.current);
  }

  build(previous: string | null): Promise<string> {
    const version = this.current;
    return new Promise((resolve) => this.builds.push({ version, previous, finish: () => resolve(`index of ${version}`) }));
  }

  /** Each build "takes" this long on the index's clock. */
  tick = (ms: number) => () => (this.clock += ms);
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

async function finishBuild(graph: ControlledGraph, at: number): Promise<void> {
  await settle();
  graph.builds[at].finish();
  await settle();
}

describe('RefreshingIndex', () => {
  it('builds once per version and answers from it until the version changes', async () => {
    const graph = new ControlledGraph();
    const index = new RefreshingIndex(graph, 1000, graph.tick(10));
    const first = index.recent('v1');
    const second = index.recent('v1');
    await finishBuild(graph, 0);
    expect(await first).toEqual({ index: 'index of v1', stale: false });
    expect(await second).toEqual({ index: 'index of v1', stale: false });
    expect(await index.recent('v1')).toEqual({ index: 'index of v1', stale: false });
    expect(graph.builds).toHaveLength(1);
  });

  it('waits for the new index after a write when builds are quick, reusing the previous one', async () => {
    const graph = new ControlledGraph();
    const index = new RefreshingIndex(graph, 1000, graph.tick(10));
    const first = index.fresh('v1');
    await finishBuild(graph, 0);
    await first;
    graph.current = 'v2';
    const after = index.recent('v2');
    await finishBuild(graph, 1);
    expect(await after).toEqual({ index: 'index of v2', stale: false });
    expect(graph.builds[1].previous).toBe('index of v1');
  });

  it('answers from the last index while the next builds when builds are slow, and says so', async () => {
    const graph = new ControlledGraph();
    const index = new RefreshingIndex(graph, 1000, graph.tick(5000));
    const first = index.fresh('v1');
    await finishBuild(graph, 0);
    await first;
    graph.current = 'v2';
    expect(await index.recent('v2')).toEqual({ index: 'index of v1', stale: true });
    // A second reader during the build starts no second build.
    expect(await index.recent('v2')).toEqual({ index: 'index of v1', stale: true });
    await settle();
    expect(graph.builds).toHaveLength(2);
    await finishBuild(graph, 1);
    expect(await index.recent('v2')).toEqual({ index: 'index of v2', stale: false });
  });

  it('gives a caller who must see its own write a build that starts after it, even while one runs', async () => {
    const graph = new ControlledGraph();
    const index = new RefreshingIndex(graph, 1000, graph.tick(5000));
    const first = index.fresh('v1');
    await settle();
    // The build of v1 is running; a write makes v2, and a caller needs v2.
    graph.current = 'v2';
    const needed = index.fresh('v2');
    const alsoNeeded = index.fresh('v2');
    await finishBuild(graph, 0);
    expect(await first).toBe('index of v1');
    await finishBuild(graph, 1);
    expect(await needed).toBe('index of v2');
    expect(await alsoNeeded).toBe('index of v2');
    expect(graph.builds.map((build) => build.version)).toEqual(['v1', 'v2']);
  });

  it('keeps the last index when a build fails, and tries again on the next request', async () => {
    const graph = new ControlledGraph();
    let failures = 1;
    const failing: IndexBuilder<string> = {
      version: () => graph.version(),
      build: (previous) => (failures-- > 0 ? Promise.reject(new Error('database gone')) : graph.build(previous)),
    };
    const index = new RefreshingIndex(failing, 1000, graph.tick(10));
    await expect(index.fresh('v1')).rejects.toThrow('database gone');
    const again = index.fresh('v1');
    await finishBuild(graph, 0);
    expect(await again).toBe('index of v1');
  });

  it('warms up in the background when there is no index yet', async () => {
    const graph = new ControlledGraph();
    const index = new RefreshingIndex(graph, 1000, graph.tick(10));
    index.warm();
    index.warm();
    await finishBuild(graph, 0);
    expect(graph.builds).toHaveLength(1);
    expect(await index.recent('v1')).toEqual({ index: 'index of v1', stale: false });
    expect(graph.builds).toHaveLength(1);
  });
});
