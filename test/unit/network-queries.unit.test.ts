import neo4j from 'neo4j-driver';
import {
  articulationStatement,
  decodeFundingFlows,
  decodeNetwork,
  decodePartners,
  egoNetworkStatement,
  fundingChainsStatement,
  fundingFlowsStatement,
  interlocksStatement,
  networkStatement,
  partnersStatement,
  ResultRecord,
  shortestPathStatement,
  Statement,
  timelineStatement,
  decodeWholeGraphCounts,
  decodeWholeGraphLinks,
  decodeWholeGraphNodes,
  wholeGraphCountsStatement,
  wholeGraphLinksStatement,
  wholeGraphNodesStatement,
} from '../../src/network/queries';
import { NODE_LABELS } from '../../src/relationships/relationship-kinds';
import { stageParams } from '../../src/network/queries/funding-stage';
import { FundingStage } from '../../src/relationships/transaction-type';
import { sankeyLink, sankeyLinksIn } from '../../src/network/sankey-links';

const DISBURSED = stageParams(FundingStage.DISBURSED);
const COMMITTED = stageParams(FundingStage.COMMITTED);

/** Values no statement text contains, so that finding one in the Cypher means it was inlined. */
const AS_OF = { asOfFirst: '1987-04-01', asOfLast: '1987-04-30' };
const NO_AS_OF = { asOfFirst: null, asOfLast: null };
const FIRST = 4321;

const num = (value: unknown): number => (neo4j.isInt(value) ? (value as { toNumber(): number }).toNumber() : NaN);

/** Every `$name` the Cypher uses is given, and none of the given values appears in the text. */
function expectParameterised(built: Statement, values: readonly (string | number)[]): void {
  const used = new Set([...built.cypher.matchAll(/\$([A-Za-z]+)/g)].map((match) => match[1]));
  expect([...used].filter((name) => !(name in built.params))).toEqual([]);
  for (const value of values) expect(built.cypher).not.toContain(String(value));
}

const record = (fields: Record<string, unknown>): ResultRecord => ({ get: (key) => fields[key] });

describe('partners', () => {
  const q = { depth: 2, directTypes: ['PARTNERS_WITH', 'MEMBER_OF'] as const, shared: true, first: FIRST, withLinks: true, ...AS_OF };

  it('unrolls one block per level, direct and shared branches', () => {
    const built = partnersStatement(['actor-root-1', 'actor-root-2'], q);
    expect(built.cypher).toMatchSnapshot();
    expect(built.params).toMatchObject({ ids: ['actor-root-1', 'actor-root-2'], ...AS_OF });
    expect(num(built.params.first)).toBe(FIRST);
    expectParameterised(built, ['actor-root-1', 'actor-root-2', AS_OF.asOfFirst, AS_OF.asOfLast, FIRST]);
  });

  it('reads only the selected properties, without links, directly only', () => {
    const built = partnersStatement(['actor-root-1'], { ...q, depth: 1, shared: false, directTypes: ['PARTNERS_WITH'], withLinks: false, actorProperties: ['id', 'name'] });
    expect(built.cypher).toMatchSnapshot();
    expect(built.cypher).not.toContain('COORDINATES');
    expectParameterised(built, ['actor-root-1', FIRST]);
  });

  it('refuses a depth it cannot unroll and a property that is not a name', () => {
    expect(() => partnersStatement(['a'], { ...q, depth: 5 })).toThrow(RangeError);
    expect(() => partnersStatement(['a'], { ...q, actorProperties: ['name} RETURN 1 //'] })).toThrow('not a property name');
  });

  it('decodes each step, its links ending at the root, partners or the initiative between', () => {
    const rows = decodePartners([
      record({
        root: { id: 'r', name: 'Root' },
        steps: [
          { node: { id: 'a', name: 'A' }, distance: neo4j.int(1), parentId: 'r', via: { id: 'i', name: 'I' }, rels: [
            { type: 'LEADS', props: { id: 'l1' }, fromId: 'r', toId: 'i' },
            { type: 'LEADS', props: { id: 'l2' }, fromId: 'a', toId: 'i' },
          ] },
        ],
      }),
    ]);
    const step = rows.get('r')!.steps[0];
    expect(step).toMatchObject({ node: { id: 'a' }, distance: 1, parentId: 'r', via: { id: 'i' } });
    expect(step.rels.map((rel) => [rel.from.id, rel.fromLabel, rel.to.id, rel.toLabel])).toEqual([
      ['r', 'Actor', 'i', 'Initiative'],
      ['a', 'Actor', 'i', 'Initiative'],
    ]);
  });
});

describe('interlocks', () => {
  it('counts the actors each node is linked to', () => {
    const built = interlocksStatement({ actorIds: ['actor-a', 'actor-b', 'actor-c'], types: ['FUNDS', 'SUPPORTS'], first: FIRST, ...AS_OF });
    expect(built.cypher).toMatchSnapshot();
    expect(built.params).toMatchObject({ ids: ['actor-a', 'actor-b', 'actor-c'], nodeLabels: NODE_LABELS, ...AS_OF });
    expect(num(built.params.required)).toBe(3);
    expectParameterised(built, ['actor-a', 'actor-b', 'actor-c', AS_OF.asOfFirst, FIRST]);
  });

  it('needs at least one relationship type', () => {
    expect(() => interlocksStatement({ actorIds: ['a', 'b'], types: [], first: 1, ...NO_AS_OF })).toThrow(RangeError);
  });
});

describe('fundingChains', () => {
  it('starts at a funder and filters every step by currency and amount', () => {
    const built = fundingChainsStatement({ from: 'actor-funder', to: null, maxHops: 3, minAmount: 9876.545, currency: 'CHF', first: FIRST, ...DISBURSED, ...AS_OF });
    expect(built.cypher).toMatchSnapshot();
    expect(built.params).toMatchObject({ from: 'actor-funder', to: null, currency: 'CHF', ...AS_OF });
    expect(built.params.minAmount).toBe(9876.545);
    expectParameterised(built, ['actor-funder', 'CHF', 9876.545, AS_OF.asOfLast, FIRST]);
  });

  it('ends at a recipient looked up by label, with only the endpoints ids', () => {
    const built = fundingChainsStatement({ from: null, to: 'initiative-end', maxHops: 6, minAmount: null, currency: null, first: 5, withEndpoints: false, ...COMMITTED, ...NO_AS_OF });
    expect(built.cypher).toMatchSnapshot();
    expect(built.params).toMatchObject({ from: null, to: 'initiative-end', minAmount: null, ...COMMITTED });
    expectParameterised(built, ['initiative-end', 'OUTGOING_COMMITMENT']);
  });

  it('follows only the links that count in the stage: the funder\'s own report, or any when it published none', () => {
    const built = fundingChainsStatement({ from: 'actor-funder', to: null, maxHops: 2, minAmount: null, currency: null, first: FIRST, ...DISBURSED, ...NO_AS_OF });
    expect(built.cypher).toContain('r.reportingOrgId = s.id OR NOT EXISTS');
    expect(built.params.stageTypes).toEqual(['INCOMING_FUNDS', 'DISBURSEMENT']);
    expect(built.params.untypedInStage).toBe(true);
  });
});

describe('fundingFlows', () => {
  it.each([true, false])('walks FUNDS links from the root (downstream: %s)', (downstream) => {
    const built = fundingFlowsStatement({ rootId: 'actor-flow-root', downstream, maxHops: 4, ...DISBURSED, ...AS_OF });
    expect(built.cypher).toMatchSnapshot();
    expect(built.params).toMatchObject({ id: 'actor-flow-root', ...AS_OF });
    expectParameterised(built, ['actor-flow-root', AS_OF.asOfFirst]);
  });

  it('sums each flow\'s exact amounts without float drift, a flow without amounts being 0', () => {
    const flow = (amounts: string[], currency: string | null) => ({
      source: 's',
      sourceName: 'S',
      target: 't',
      targetName: 'T',
      currency,
      amounts: amounts.map((exact) => ({ exact, date: '2020-01-02' })),
      links: neo4j.int(amounts.length || 1),
    });
    const decoded = decodeFundingFlows([
      record({ id: 'root', name: 'Root', flows: [flow(['0.1', '0.2', '-0.05'], 'EUR'), flow(['1234.5678', '0.0002'], 'USD'), flow([], null)], truncated: false }),
    ]);
    expect(decoded?.flows.map(sankeyLink).map((l) => [l.currency, l.exact, l.count])).toEqual([
      ['EUR', '0.25', 3],
      ['USD', '1234.568', 2],
      [null, '0', 1],
    ]);
  });

  it('converts each amount at its own date into one currency, and counts what has no rate', () => {
    const flows = [
      { source: 's', sourceName: 'S', target: 't', targetName: 'T', currency: 'EUR', amounts: [{ exact: '10', date: '2020-01-02' }, { exact: '5', date: null }], links: 2 },
      { source: 's', sourceName: 'S', target: 't', targetName: 'T', currency: 'USD', amounts: [{ exact: '0.1', date: '2020-01-03' }], links: 1 },
    ];
    const doubling = {
      convert: (exact: string, from: string, to: string, date: string | null) =>
        from === to ? { exact, rateDate: date, source: 'SAME' } : from === 'EUR' && to === 'USD' && date ? { exact: String(Number(exact) * 2), rateDate: date, source: 'ECB' } : null,
    };
    expect(sankeyLinksIn(flows, 'USD', doubling)).toEqual([
      { source: 's', target: 't', value: 20.1, exact: '20.1', currency: 'USD', count: 3, unconverted: 1 },
    ]);
  });
});

describe('articulation', () => {
  it('reads the root, the nodes around it and the links among them', () => {
    const built = articulationStatement({ id: 'initiative-platform', ...AS_OF });
    expect(built.cypher).toMatchSnapshot();
    expect(built.params).toMatchObject({ id: 'initiative-platform', nodeLabels: NODE_LABELS, ...AS_OF });
    expectParameterised(built, ['initiative-platform', AS_OF.asOfFirst]);
  });
});

describe('shortestPath', () => {
  it('bounds the quantifier and takes both ends as parameters', () => {
    const built = shortestPathStatement({ from: 'actor-start', to: 'territory-end', types: ['PARTNERS_WITH', 'ACTS_IN'], maxHops: 7, ...AS_OF });
    expect(built.cypher).toMatchSnapshot();
    expect(built.cypher).toContain('{0,7}');
    expect(built.params).toMatchObject({ from: 'actor-start', to: 'territory-end', ...AS_OF });
    expectParameterised(built, ['actor-start', 'territory-end', AS_OF.asOfLast]);
    expect(() => shortestPathStatement({ from: 'a', to: 'b', types: ['FUNDS'], maxHops: 11, ...AS_OF })).toThrow(RangeError);
  });
});

describe('egoNetwork', () => {
  it('unrolls one block per hop and reads the links with their properties', () => {
    const built = egoNetworkStatement({ id: 'actor-centre', radius: 2, types: ['PARTNERS_WITH', 'FUNDS'], limit: FIRST, edgeCap: 9000, ...AS_OF });
    expect(built.cypher).toMatchSnapshot();
    expect(built.params).toMatchObject({ id: 'actor-centre', ...AS_OF });
    expect([num(built.params.limit), num(built.params.edgeCap)]).toEqual([FIRST, 9001]);
    expectParameterised(built, ['actor-centre', FIRST, 9001, AS_OF.asOfFirst]);
  });

  it('leaves the links properties out when nobody reads them', () => {
    const built = egoNetworkStatement({ id: 'actor-centre', radius: 1, types: ['FUNDS'], limit: 10, edgeCap: 20, withEdgeProperties: false, ...NO_AS_OF });
    expect(built.cypher).toMatchSnapshot();
    expect(built.cypher).not.toContain('props: properties(r)');
  });
});

describe('network', () => {
  const base = { kinds: null, types: ['FUNDS', 'LEADS'] as const, territoryId: null, initiativeId: null, limit: FIRST, edgeCap: 8000, ...NO_AS_OF };

  it('starts from the initiative when one is given, keeping kinds in the territory', () => {
    const built = networkStatement({ ...base, initiativeId: 'initiative-focus', territoryId: 'territory-place', kinds: ['NGO', 'FOUNDATION'], ...AS_OF });
    expect(built.cypher).toMatchSnapshot();
    expect(built.params).toMatchObject({ initiativeId: 'initiative-focus', territoryId: 'territory-place', kinds: ['NGO', 'FOUNDATION'], ...AS_OF });
    expect([num(built.params.limit), num(built.params.limitPlusOne), num(built.params.edgeCap)]).toEqual([FIRST, FIRST + 1, 8001]);
    expectParameterised(built, ['initiative-focus', 'territory-place', 'NGO', 'FOUNDATION', FIRST, AS_OF.asOfFirst]);
  });

  it('starts from the territory, from the kinds, or from every actor and initiative', () => {
    const starts = [{ territoryId: 'territory-place' }, { kinds: ['NGO'] }, {}].map((filter) => networkStatement({ ...base, ...filter }));
    expect(starts.map((built) => built.cypher)).toMatchSnapshot();
    for (const built of starts) expectParameterised(built, ['territory-place', 'NGO', FIRST]);
  });

  it('drops the one link read past the cap, and says the answer was cut', () => {
    const edge = (id: string) => [id, 'FUNDS', 'a', 'b', [], []];
    const rows = decodeNetwork([record({ nodes: [{ label: 'Actor', props: { id: 'a' } }], edges: [edge('e1'), edge('e2'), edge('e3')], truncated: false })], { edgeCap: 2 });
    expect(rows).toEqual({
      nodes: [{ label: 'Actor', props: { id: 'a' } }],
      edges: ['e1', 'e2'].map((id) => ({ id, type: 'FUNDS', source: 'a', target: 'b', props: {} })),
      truncated: true,
    });
  });
});

describe('timeline', () => {
  it('reads the dated links and initiatives around a node', () => {
    const built = timelineStatement({ id: 'actor-dated', ...AS_OF });
    expect(built.cypher).toMatchSnapshot();
    expect(built.params).toMatchObject({ id: 'actor-dated', nodeLabels: NODE_LABELS, ...AS_OF });
    expectParameterised(built, ['actor-dated', AS_OF.asOfFirst, AS_OF.asOfLast]);
  });
});

describe('wholeGraph pages', () => {
  it('seeks the id index from the last id of the page before, a label or a type at a time', () => {
    const nodes = wholeGraphNodesStatement('Actor', { after: 'after-this-id', limit: FIRST });
    expect(nodes.cypher).toMatchSnapshot();
    expectParameterised(nodes, ['after-this-id', FIRST]);
    expect(num(nodes.params.limit)).toBe(FIRST);
    const links = wholeGraphLinksStatement('FUNDS', { after: 'after-this-id', limit: FIRST });
    expect(links.cypher).toMatchSnapshot();
    expectParameterised(links, ['after-this-id', FIRST]);
    expect(wholeGraphCountsStatement(['Actor', 'Territory'], ['FUNDS', 'LEADS']).cypher).toMatchSnapshot();
  });

  it('reads the values of the analysis the export began with, the slot and its job as parameters', () => {
    const nodes = wholeGraphNodesStatement('Actor', { after: '', limit: FIRST }, { prefix: 'm1_', jobId: 'job-of-the-export' });
    expect(nodes.cypher).toMatchSnapshot();
    expectParameterised(nodes, ['job-of-the-export', 'm1_job']);
    expect(nodes.params.slotKeys).toEqual(['m1_degree', 'm1_pagerank', 'm1_betweenness', 'm1_closeness', 'm1_eigenvector', 'm1_community', 'm1_x', 'm1_y']);
    expect(wholeGraphNodesStatement('Actor', { after: '', limit: FIRST }).cypher).not.toContain('slot');
  });

  it('decodes nodes by position, with the analysis values only when a slot was read', () => {
    const node = ['afd', 'AFD', 'FUNDER', null, ['bilateral'], null];
    expect(decodeWholeGraphNodes([record({ node })])).toEqual([{ id: 'afd', name: 'AFD', kind: 'FUNDER', level: null, tags: ['bilateral'], attributes: null }]);
    expect(decodeWholeGraphNodes([record({ node: [...node, [3, 0.5]] })])[0].analysis).toEqual([3, 0.5]);
  });

  it('decodes links with their ends and properties, and counts as numbers', () => {
    const edge = ['l-1', 'FUNDS', 'afd', 'art', ['year', 'amountExact', 'tags'], [neo4j.int(2019), '10.5', ['a', 'b']]];
    expect(decodeWholeGraphLinks([record({ edge })])).toEqual([
      { id: 'l-1', type: 'FUNDS', source: 'afd', target: 'art', props: { amountExact: '10.5', tags: ['a', 'b'], year: 2019 } },
    ]);
    expect(Object.keys(decodeWholeGraphLinks([record({ edge })])[0].props)).toEqual(['amountExact', 'tags', 'year']);
    expect(wholeGraphLinksStatement('FUNDS', { after: '', limit: FIRST }).params.unreadLinkProperties).toEqual(expect.arrayContaining(['createdAt', 'updatedAt']));
    expect(decodeWholeGraphCounts([record({ nodes: neo4j.int(3), links: neo4j.int(7) })])).toEqual({ nodes: 3, links: 7 });
  });
});
