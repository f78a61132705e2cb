import { GraphQLError } from 'graphql';
import { EgoNetworkArgs, FundingFlowsArgs } from '../../src/network/network.input';
import { EGO_LIMIT, EGO_RADIUS, FUNDING_HOPS } from '../../src/network/network.limits';
import { FlowDirection } from '../../src/network/funding.type';
import { ExportArgs, exportRequestFromQuery, type QueryParams } from '../../src/export/export.input';
import { CsvTable, ExportFormat } from '../../src/export/export.type';

/** What GET /export/{format}?... answers with a 400: the error's extensions. */
async function refusal(format: string, query: QueryParams): Promise<Record<string, unknown>> {
  const error = await exportRequestFromQuery(format, query).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(GraphQLError);
  const { extensions, message } = error as GraphQLError;
  expect(extensions.code).toBe('BAD_USER_INPUT');
  expect(message).toBe(`Invalid value for ${String(extensions.field)}: ${String(extensions.reason)}`);
  return extensions;
}

describe('GET /export/{format} query parameters as GraphQL arguments', () => {
  it('turns the strings of an ego-network query into EgoNetworkArgs and ExportArgs', async () => {
    const request = await exportRequestFromQuery('csv', {
      id: 'undp',
      radius: '2',
      types: 'FUNDS, partners_with',
      asOf: '2014-06',
      limit: '40',
      table: 'nodes',
    });
    if (!('ego' in request)) throw new Error('expected an ego-network export');
    expect(request.format).toBe(ExportFormat.CSV);
    expect(request.file).toBeInstanceOf(ExportArgs);
    expect(request.file).toMatchObject({ format: ExportFormat.CSV, table: CsvTable.NODES });
    expect(request.ego).toBeInstanceOf(EgoNetworkArgs);
    expect({ ...request.ego }).toEqual({ id: 'undp', radius: 2, types: ['FUNDS', 'PARTNERS_WITH'], asOf: '2014-06', limit: 40 });
  });

  it('keeps the argument classes\u2019 defaults for parameters left out, and ignores unknown ones', async () => {
    const request = await exportRequestFromQuery('GexF', { id: 'undp', asOf: '', unknown: 'x' });
    if (!('ego' in request)) throw new Error('expected an ego-network export');
    expect(request.format).toBe(ExportFormat.GEXF);
    expect(request.file.table).toBe(CsvTable.EDGES);
    expect(request.ego.radius).toBe(EGO_RADIUS.default);
    expect(request.ego.limit).toBe(EGO_LIMIT.default);
    expect(request.ego.types).toBeUndefined();
    expect(request.ego.asOf).toBeUndefined();
    expect(request.ego).not.toHaveProperty('unknown');
  });

  it('takes types as a list, repeated or separated by commas', async () => {
    const request = await exportRequestFromQuery('graphml', { id: 'undp', types: ['FUNDS,LEADS', 'member_of', ''] });
    expect('ego' in request && request.ego.types).toEqual(['FUNDS', 'LEADS', 'MEMBER_OF']);
  });

  it('turns a Sankey query into FundingFlowsArgs, with id standing in for rootId', async () => {
    const request = await exportRequestFromQuery('sankey', { id: 'undp', direction: 'upstream', maxHops: '3', table: 'rows' });
    if (request.format !== ExportFormat.SANKEY) throw new Error('expected a Sankey export');
    expect(request.flows).toBeInstanceOf(FundingFlowsArgs);
    expect({ ...request.flows }).toEqual({ rootId: 'undp', direction: FlowDirection.UPSTREAM, maxHops: 3, stage: 'DISBURSED' });

    const defaults = await exportRequestFromQuery('sankey', { rootId: 'giz', id: 'undp' });
    expect(defaults.format === ExportFormat.SANKEY && { ...defaults.flows }).toEqual({
      rootId: 'giz',
      direction: FlowDirection.DOWNSTREAM,
      maxHops: FUNDING_HOPS.default,
      stage: 'DISBURSED',
    });

    const committed = await exportRequestFromQuery('sankey', { id: 'afd', stage: 'committed', currency: 'usd' });
    expect(committed.format === ExportFormat.SANKEY && { ...committed.flows }).toMatchObject({ stage: 'COMMITTED', currency: 'USD' });
  });

  it.each<[string, QueryParams, string]>([
    ['pdf', { id: 'undp' }, 'format'],
    ['gexf', {}, 'id'],
    ['gexf', { id: '' }, 'id'],
    ['gexf', { id: 'bad id!' }, 'id'],
    ['gexf', { id: ['a', 'b'] }, 'id'],
    ['gexf', { id: 'undp', radius: '9' }, 'radius'],
    ['gexf', { id: 'undp', radius: '0' }, 'radius'],
    ['gexf', { id: 'undp', radius: 'two' }, 'radius'],
    ['gexf', { id: 'undp', radius: '1.5' }, 'radius'],
    ['gexf', { id: 'undp', radius: ['1', '2'] }, 'radius'],
    ['gexf', { id: 'undp', types: 'FUNDS,OWNS' }, 'types'],
    ['gexf', { id: 'undp', types: { a: 'FUNDS' } }, 'types'],
    ['gexf', { id: 'undp', asOf: '2020-13' }, 'asOf'],
    ['gexf', { id: 'undp', limit: '0' }, 'limit'],
    ['gexf', { id: 'undp', limit: String(EGO_LIMIT.max + 1) }, 'limit'],
    ['csv', { id: 'undp', table: 'rows' }, 'table'],
    ['sankey', {}, 'rootId'],
    ['sankey', { rootId: 'bad id!' }, 'rootId'],
    ['sankey', { rootId: 'undp', direction: 'sideways' }, 'direction'],
    ['sankey', { rootId: 'undp', maxHops: '99' }, 'maxHops'],
    ['sankey', { rootId: 'undp', asOf: '2020-02-30' }, 'asOf'],
  ])('refuses /export/%s with %j, naming %s', async (format, query, field) => {
    expect((await refusal(format, query)).field).toBe(field);
  });

  it('gives the reasons of the argument classes\u2019 rules, as the GraphQL fields do', async () => {
    expect((await refusal('gexf', { id: 'undp', radius: '9' })).reason).toBe(`radius must not be greater than ${EGO_RADIUS.max}`);
    expect((await refusal('gexf', { id: 'undp', types: 'OWNS' })).reason).toMatch(/^each value in types must be one of the following values: .*FUNDS/);
    expect((await refusal('gexf', { id: 'bad id!' })).reason).toMatch(/^id must be 1-200 letters/);
    expect((await refusal('sankey', { rootId: 'undp', direction: 'sideways' })).reason).toMatch(/^direction must be one of the following values: DOWNSTREAM, UPSTREAM/);
    expect((await refusal('pdf', {})).reason).toMatch(/^format must be one of the following values: CYTOSCAPE/);
    expect(await refusal('gexf', { id: 'undp', radius: ['1', '2'] })).toMatchObject({ field: 'radius', reason: 'must be given once' });
    expect(await refusal('gexf', {})).toMatchObject({ field: 'id', reason: 'is required' });
  });

  it('names the first wrong parameter when several are wrong, the format before the others', async () => {
    expect((await refusal('pdf', { radius: 'x' })).field).toBe('format');
    expect((await refusal('gexf', { id: 'undp', radius: '9', limit: '0' })).field).toBe('radius');
  });
});
