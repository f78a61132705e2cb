import { scopeParameters } from '../../src/db/scoped-parameters';
import { nestedLinkPages, nestedNeighbours, RelationshipListQuery } from '../../src/relationships/relationship.repository';
import { nestedSources } from '../../src/sources/source.repository';
import { joinNestedReads } from '../../src/common/read-ahead';
import { NEIGHBOUR_FIELDS } from '../../src/common/neighbour-fields';

const LINKS: RelationshipListQuery = { types: ['PARTNERS_WITH'], direction: 'OUT', asOfFirst: null, asOfLast: null, first: 5, afterId: null };

describe('scopeParameters', () => {
  it('renames every parameter of a fragment, whole names only', () => {
    const scoped = scopeParameters('links0_', { cypher: 'WHERE r.id > $after AND size($afterIds) > 0 LIMIT $limit', params: { after: 'a', afterIds: ['b'], limit: 3 } });
    expect(scoped).toEqual({
      cypher: 'WHERE r.id > $links0_after AND size($links0_afterIds) > 0 LIMIT $links0_limit',
      params: { links0_after: 'a', links0_afterIds: ['b'], links0_limit: 3 },
    });
  });

  it('refuses a fragment that uses a parameter it gives no value', () => {
    expect(() => scopeParameters('p_', { cypher: 'LIMIT $limit', params: {} })).toThrow('$limit');
  });
});

describe('nestedLinkPages', () => {
  it('reads each page under its own parameter names', () => {
    const read = nestedLinkPages([
      { types: ['PARTNERS_WITH'], direction: 'OUT', asOfFirst: null, asOfLast: null, first: 5, afterId: null },
      { types: [], direction: 'BOTH', asOfFirst: '2019-01-01', asOfLast: '2019-12-31', first: 2, afterId: 'r-1', aggregate: true },
    ]);
    expect(read.values).toEqual(['links0', 'links1']);
    expect(read.params.links0_limit).toEqual(expect.objectContaining({ low: 6 }));
    // Types and direction are in the pattern: only those links are expanded.
    expect(read.cypher).toContain('MATCH (n)-[r:PARTNERS_WITH]->() WHERE');
    expect(read.cypher).toContain('MATCH (n)-[r:PARTNERS_WITH|');
    expect(read.params.links1_afterId).toBe('r-1');
    expect(read.cypher).not.toMatch(/\$(?!links[01]_)/);
    expect(read.cypher).toMatchSnapshot();
  });
});

describe('per-link reads', () => {
  it("read each link's sources and its endpoint's territories after the page's limit, in id and in sorted order", () => {
    const perLink = { sources: true, endpointNeighbours: [{ end: 'to' as const, field: 'territories', spec: NEIGHBOUR_FIELDS.Actor.territories }] };
    const byId = nestedLinkPages([{ ...LINKS, perLink }]).cypher;
    expect(byId.indexOf('LIMIT $links0_limit')).toBeLessThan(byId.indexOf('MATCH (s:Source {id: ids[i]})'));
    expect(byId).toContain('WITH endNode(r) AS n');
    expect(byId).toContain('readAhead: {sources: sources, to_territories: to_territories}');
    const sorted = nestedLinkPages([{ ...LINKS, perLink, order: { keys: [{ expression: 'r.startFirst', descending: false }], params: {}, after: null, signature: 'START_DATE' } }]).cypher;
    expect(sorted).toContain('readAhead: {sources: sources, to_territories: to_territories}');
    expect(byId).toMatchSnapshot();
  });

  it('project only the properties given for sources and endpoint territories', () => {
    const perLink = {
      sources: true,
      sourceProperties: ['id', 'title', 'name'],
      endpointNeighbours: [{ end: 'from' as const, field: 'territories', spec: NEIGHBOUR_FIELDS.Actor.territories, properties: ['id', 'name'] }],
    };
    const cypher = nestedLinkPages([{ ...LINKS, perLink }]).cypher;
    expect(cypher).toContain('collect({id: s.id, title: s.title, name: s.name}) AS sources');
    expect(cypher).toContain('WITH startNode(r) AS n');
    expect(cypher).toContain('collect(DISTINCT {id: m.id, name: m.name}) AS from_territories');
    expect(nestedNeighbours(NEIGHBOUR_FIELDS.Actor.territories, 'places', ['id']).cypher).toContain('collect(DISTINCT {id: m.id}) AS places');
    expect(nestedSources('found', ['id', 'title']).cypher).toContain('collect({id: s.id, title: s.title}) AS found');
  });

  it('read nothing more when nothing is asked', () => {
    expect(nestedLinkPages([{ ...LINKS, perLink: null }]).cypher).not.toContain('readAhead');
  });
});

describe('nested neighbours and sources', () => {
  it('read a node list\'s territories, initiatives and sources as the DataLoaders do, with no parameter', () => {
    const read = joinNestedReads([
      nestedNeighbours(NEIGHBOUR_FIELDS.Actor.territories, 'neighbours_territories'),
      nestedNeighbours(NEIGHBOUR_FIELDS.Actor.initiatives, 'neighbours_initiatives'),
      nestedSources('sources_of_node'),
    ]);
    expect(read.values).toEqual(['neighbours_territories', 'neighbours_initiatives', 'sources_of_node']);
    expect(read.params).toEqual({});
    expect(read.cypher).toContain('MATCH (n)-[:ACTS_IN]->(m:Territory)');
    expect(read.cypher).toMatchSnapshot();
  });

  it('refuse two reads that bind the same name, and names or types that are not the model\'s', () => {
    expect(() => joinNestedReads([nestedSources('x'), nestedSources('x')])).toThrow('bind x');
    expect(() => joinNestedReads([nestedLinkPages([LINKS]), nestedLinkPages([LINKS])])).toThrow('bind links0');
    expect(() => nestedNeighbours({ types: ['ACTS_IN'], direction: 'OUT', targetLabel: 'Territory' }, 'x}) DETACH DELETE n //')).toThrow('variable');
    expect(() => nestedNeighbours({ types: ['ACTS_IN]->() DELETE n //' as 'ACTS_IN'], direction: 'OUT', targetLabel: 'Territory' }, 'x')).toThrow('type');
  });
});
