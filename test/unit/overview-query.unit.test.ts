import { overviewLinksStatement, overviewNodesStatement } from '../../src/overview/overview.query';

const slot = { prefix: 'm1_' as const, jobId: 'job-7f3a' };

/** Every $name the statement uses has a value, and no value is written into the text. */
function expectParameterised(built: { cypher: string; params: Record<string, unknown> }, values: readonly string[]): void {
  const used = new Set([...built.cypher.matchAll(/\$([A-Za-z]+)/g)].map((match) => match[1]));
  expect([...used].filter((name) => !(name in built.params))).toEqual([]);
  for (const value of values) expect(built.cypher).not.toContain(value);
}

describe('overview statements', () => {
  it('take the top of the analysis by PageRank, ties by id, a community alone when asked', () => {
    const whole = overviewNodesStatement({ slot, limit: 20001, community: null });
    expect(whole.cypher).toMatchSnapshot();
    expectParameterised(whole, ['job-7f3a', 'm1_pagerank', 'm1_x']);
    expect(whole.params).toMatchObject({ jobKey: 'm1_job', jobId: 'job-7f3a', pagerankKey: 'm1_pagerank', xKey: 'm1_x', yKey: 'm1_y', community: null });
    const one = overviewNodesStatement({ slot, limit: 500, community: 3 });
    expect(Number(one.params.community)).toBe(3);
    expect(Number(one.params.limit)).toBe(500);
  });

  it('read the links of the job types from the drawn nodes to ends that rank at or above the lowest drawn one', () => {
    const links = overviewLinksStatement({
      slot,
      community: null,
      idsByLabel: new Map([
        ['Actor', ['a1', 'a2']],
        ['Territory', ['t1']],
      ]),
      lowest: { pagerank: 0.0123, id: 'lowest-drawn' },
      types: ['PARTNERS_WITH', 'FUNDS'],
      limit: 60001,
    });
    expect(links.cypher).toMatchSnapshot();
    expectParameterised(links, ['a1', 'lowest-drawn', '0.0123', 'job-7f3a']);
    expect(links.params).toMatchObject({ idsActor: ['a1', 'a2'], idsTerritory: ['t1'], lowestRank: 0.0123, lowestId: 'lowest-drawn' });
    expect(links.cypher).not.toContain('Initiative');
  });

  it('refuses a statement without relationship types', () => {
    expect(() => overviewLinksStatement({ slot, community: null, idsByLabel: new Map([['Actor', ['a1']]]), lowest: { pagerank: 1, id: 'a1' }, types: [], limit: 1 })).toThrow(RangeError);
  });
});
