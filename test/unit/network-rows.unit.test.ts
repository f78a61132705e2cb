import { planNetworkRows, NetworkRowsOptions } from '../../src/import/network/network-rows.mapper';
import type { NetworkConnection, NetworkElement, NetworkFile } from '../../src/import/network/network-file';
import { defaultTypeMapping, parseTypeMapping, TypeMappingError } from '../../src/import/network/type-mapping';
import type { NodeLabel } from '../../src/relationships/relationship-kinds';

const CHECKSUM = 'ab'.repeat(32);
const FILE_SOURCE = `file:${CHECKSUM.slice(0, 16)}`;

function element(label: string | undefined, extra: Partial<NetworkElement> = {}): NetworkElement {
  return { file: 'map.xlsx', location: `sheet Elements, row ${label}`, label, attributes: {}, ...extra };
}

function connection(from: string, to: string, extra: Partial<NetworkConnection> = {}): NetworkConnection {
  return { file: 'map.xlsx', location: `sheet Connections, row ${from}-${to}`, from, to, by: 'label', attributes: {}, ...extra };
}

function networkFile(elements: NetworkElement[], connections: NetworkConnection[], extra: Partial<NetworkFile> = {}): NetworkFile {
  return { file: 'map.xlsx', format: 'kumu-xlsx', elements, connections, createsMissingEnds: false, problems: [], warnings: [], ...extra };
}

function options(extra: Partial<NetworkRowsOptions> = {}): NetworkRowsOptions {
  return { mapping: defaultTypeMapping(), checksums: new Map([['map.xlsx', CHECKSUM]]), source: {}, ...extra };
}

function rowsOf(files: NetworkFile[], existing: Map<string, NodeLabel> = new Map(), extra: Partial<NetworkRowsOptions> = {}) {
  const plan = planNetworkRows(files, options(extra));
  return { outside: plan.outsideEnds(), ...plan.finish(existing) };
}

const values = (rows: { section: string; value: unknown }[], section: string) =>
  rows.filter((row) => row.section === section).map((row) => row.value as Record<string, unknown>);

describe('network files to import rows', () => {
  it("maps the issue's spreadsheet: Label is the name, types through the table, connections by label, the file as the source", () => {
    const { rows, problems, warnings } = rowsOf([
      networkFile(
        [
          element('Réseau Alpha', { type: 'Organization', tags: ['ess', 'réseau'], attributes: { Description: 'Un réseau ESS' } }),
          element('Coopérative Beta', { type: 'Cooperative' }),
          element('Mairie Gamma', { type: 'Government' }),
        ],
        [
          connection('Réseau Alpha', 'Coopérative Beta', { type: 'Partnership', attributes: { Description: 'Accord 2021' } }),
          connection('Mairie Gamma', 'Coopérative Beta', { type: 'Funding' }),
        ],
      ),
    ]);
    expect(problems).toEqual([]);
    expect(warnings).toEqual([]);
    expect(values(rows, 'sources')).toEqual([expect.objectContaining({ id: FILE_SOURCE, title: 'map.xlsx', kind: 'DATASET', checksum: CHECKSUM })]);
    expect(values(rows, 'actors')).toEqual([
      { id: 'reseau-alpha', name: 'Réseau Alpha', kind: 'OTHER', description: 'Un réseau ESS', tags: ['ess', 'réseau'], sourceIds: [FILE_SOURCE] },
      { id: 'cooperative-beta', name: 'Coopérative Beta', kind: 'COOPERATIVE', sourceIds: [FILE_SOURCE] },
      { id: 'mairie-gamma', name: 'Mairie Gamma', kind: 'PUBLIC_AUTHORITY', sourceIds: [FILE_SOURCE] },
    ]);
    expect(values(rows, 'relationships')).toEqual([
      { id: 'partners_with:reseau-alpha:cooperative-beta', type: 'PARTNERS_WITH', fromId: 'reseau-alpha', toId: 'cooperative-beta', description: 'Accord 2021', sourceIds: [FILE_SOURCE] },
      { id: 'funds:mairie-gamma:cooperative-beta', type: 'FUNDS', fromId: 'mairie-gamma', toId: 'cooperative-beta', sourceIds: [FILE_SOURCE] },
    ]);
  });

  it('imports a type the table does not know as RELATED_TO with the original type as kind, warning once per type with a count', () => {
    const { rows, warnings } = rowsOf([
      networkFile(
        [element('Peter Thiel', { type: 'Person' }), element('PayPal', { type: 'Company' }), element('Palantir', { type: 'Company' })],
        [connection('Peter Thiel', 'PayPal', { type: 'Employee/Founder' }), connection('Peter Thiel', 'Palantir', { type: 'Employee/Founder' })],
      ),
    ]);
    expect(values(rows, 'actors').map((actor) => actor.kind)).toEqual(['PERSON', 'PRIVATE_FIRM', 'PRIVATE_FIRM']);
    expect(values(rows, 'relationships').map((link) => [link.type, link.kind, link.id])).toEqual([
      ['RELATED_TO', 'Employee/Founder', 'related_to:peter-thiel:paypal:employee-founder'],
      ['RELATED_TO', 'Employee/Founder', 'related_to:peter-thiel:palantir:employee-founder'],
    ]);
    expect(warnings).toEqual([
      expect.objectContaining({ field: 'Type', location: 'sheet Connections, row Peter Thiel-PayPal', reason: expect.stringMatching(/^"Employee\/Founder" \(2 connections\) is no type the mapping knows; imported as RELATED_TO .*--map types\.json/) }),
    ]);
  });

  it('keeps an unknown element type as originalType on an Actor of kind OTHER, with a warning', () => {
    const { rows, warnings } = rowsOf([networkFile([element('Interviewee C', { type: 'Interviewee', attributes: { motivations: 'x' } })], [])]);
    expect(values(rows, 'actors')).toEqual([
      { id: 'interviewee-c', name: 'Interviewee C', kind: 'OTHER', attributes: { motivations: 'x', originalType: 'Interviewee' }, sourceIds: [FILE_SOURCE] },
    ]);
    expect(warnings).toEqual([expect.objectContaining({ field: 'Type', reason: expect.stringContaining('"Interviewee" (one element) is no type the mapping knows') })]);
  });

  it('falls back to RELATED_TO when the mapped type cannot join those two labels', () => {
    const { rows, warnings } = rowsOf([networkFile([element('Ana', { type: 'Person' }), element('Projet Delta', { type: 'Project' })], [connection('Ana', 'Projet Delta', { type: 'Member' })])]);
    expect(values(rows, 'initiatives')).toEqual([expect.objectContaining({ id: 'projet-delta', kind: 'PROJECT' })]);
    expect(values(rows, 'relationships')).toEqual([expect.objectContaining({ type: 'RELATED_TO', kind: 'Member' })]);
    expect(warnings[0].reason).toMatch(/"Member" maps to MEMBER_OF, which does not join Actor -> Initiative/);
  });

  it('lays a user table over the defaults, and refuses a bad one naming the entry', () => {
    const mapping = parseTypeMapping({ elements: { Interviewee: { label: 'Actor', kind: 'PERSON' } }, connections: { 'Employee/Founder': 'LEADS' } });
    const { rows, warnings } = rowsOf(
      [networkFile([element('C', { type: 'interviewee' }), element('Beta', { type: 'Project' })], [connection('C', 'Beta', { type: 'employee / founder' })])],
      new Map(),
      { mapping },
    );
    expect(warnings).toEqual([]);
    expect(values(rows, 'actors')[0].kind).toBe('PERSON');
    expect(values(rows, 'relationships')[0].type).toBe('LEADS');
    expect(() => parseTypeMapping({ elements: { X: { label: 'Actor', kind: 'ROBOT' } } })).toThrow(TypeMappingError);
    expect(() => parseTypeMapping({ elements: { X: { label: 'Actor', kind: 'ROBOT' } } })).toThrow(/elements\.X\.kind: must be one of .*PERSON/);
    expect(() => parseTypeMapping({ connections: { X: 'LIKES' } })).toThrow(/connections\.X: must be one of .*RELATED_TO/);
    expect(() => parseTypeMapping({ types: {} })).toThrow(/unknown key\(s\) types/);
  });

  it('resolves ends by label, then by the file ID, then by a node of the database; reports an end that is none of these', () => {
    const plan = planNetworkRows(
      [networkFile([element('Alpha', { id: 'e1' }), element('Beta', { id: 'e2' })], [connection('Alpha', 'undp'), connection('e1', 'Nowhere'), connection('Alpha', 'e2', { type: 'Partnership' })])],
      options(),
    );
    expect(plan.outsideEnds().sort()).toEqual(['Nowhere', 'undp']);
    const { rows, problems } = plan.finish(new Map([['undp', 'Actor']]));
    expect(values(rows, 'relationships').map((link) => [link.fromId, link.toId])).toEqual([
      ['e1', 'undp'],
      ['e1', 'e2'],
    ]);
    expect(problems).toEqual([
      expect.objectContaining({ field: 'To', section: 'relationships', reason: '"Nowhere" is no element\'s label or ID in map.xlsx, nor the id of a node in the database' }),
    ]);
  });

  it('creates the ends of a Gephi edges table that no nodes table has, and numbers parallel links', () => {
    const edges = networkFile([], [connection('1', '2', { by: 'id', id: '1' }), connection('1', '2', { by: 'id' }), connection('1', '2', { by: 'id' })], {
      file: 'map.xlsx',
      format: 'gephi-csv',
      createsMissingEnds: true,
    });
    const { rows, problems, warnings } = rowsOf([edges]);
    expect(problems).toEqual([]);
    expect(values(rows, 'actors').map((actor) => [actor.id, actor.name, actor.kind])).toEqual([
      ['map:1', '1', 'OTHER'],
      ['map:2', '2', 'OTHER'],
    ]);
    expect(values(rows, 'relationships').map((link) => link.id)).toEqual(['map:1', 'related_to:map:1:map:2', 'related_to:map:1:map:2:2']);
    expect(warnings.map((warning) => warning.reason)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^2 nodes named by edges and by no nodes table were created/), '3 connections have no type; imported as RELATED_TO']),
    );
  });

  it('leaves out a connection from an element to itself, with a warning', () => {
    const { rows, problems, warnings } = rowsOf([networkFile([element('Alpha', { type: 'NGO' })], [connection('Alpha', 'alpha', { type: 'Knows' })])]);
    expect(problems).toEqual([]);
    expect(values(rows, 'relationships')).toEqual([]);
    expect(warnings).toEqual([expect.objectContaining({ field: 'To', reason: expect.stringMatching(/^a connection joins an element to itself; .* it was left out$/) })]);
  });

  it('puts a bare number after its file name, so that two maps numbering from 0 stay apart; other ids stay as they are', () => {
    const { rows } = rowsOf([networkFile([element('A', { id: '0' }), element('B', { id: 'elem-6WdXO7R5' })], [connection('0', 'elem-6WdXO7R5', { by: 'id', id: '12' })])]);
    expect(values(rows, 'actors').map((actor) => actor.id)).toEqual(['map:0', 'elem-6WdXO7R5']);
    expect(values(rows, 'relationships')).toEqual([expect.objectContaining({ id: 'map:12', fromId: 'map:0', toId: 'elem-6WdXO7R5' })]);
  });

  it('puts --id-prefix before the ids a file gives, ends included', () => {
    const { rows } = rowsOf([networkFile([element('A', { id: '1' }), element('B', { id: '2' })], [connection('1', '2', { by: 'id', id: '7' })])], new Map(), { idPrefix: 'survey-' });
    expect(values(rows, 'actors').map((actor) => actor.id)).toEqual(['survey-1', 'survey-2']);
    expect(values(rows, 'relationships')).toEqual([expect.objectContaining({ id: 'survey-7', fromId: 'survey-1', toId: 'survey-2' })]);
  });

  it('reads back what this API exports: type and kind as node label and kind, link fields, the exact amount over the number', () => {
    const { rows, warnings } = rowsOf([
      networkFile(
        [element('AFD', { id: 'afd', type: 'Actor', attributes: { kind: 'DEVELOPMENT_AGENCY' } }), element('Tunis', { id: 'tunis', type: 'Territory', attributes: { kind: 'MUNICIPALITY' } })],
        [
          connection('afd', 'tunis', {
            by: 'id',
            id: 'r1',
            type: 'RELATED_TO',
            direction: 'undirected',
            attributes: { kind: 'Knows', amount: 0.1, amountExact: '0.10', currency: 'EUR', sourceIds: ['s1'], startDate: '2021', weight: 2 },
          }),
        ],
      ),
    ]);
    expect(warnings).toEqual([]);
    expect(values(rows, 'actors')[0]).toMatchObject({ id: 'afd', kind: 'DEVELOPMENT_AGENCY' });
    expect(values(rows, 'territories')[0]).toMatchObject({ id: 'tunis', level: 'MUNICIPALITY' });
    expect(values(rows, 'relationships')[0]).toEqual({
      id: 'r1',
      type: 'RELATED_TO',
      fromId: 'afd',
      toId: 'tunis',
      kind: 'Knows',
      amount: { amount: '0.10', currency: 'EUR' },
      sourceIds: ['s1'],
      startDate: '2021',
      direction: 'UNDIRECTED',
      attributes: { weight: 2 },
    });
    expect(values(rows, 'sources')).toEqual([expect.objectContaining({ id: FILE_SOURCE })]);
  });

  it('names an element without a label by its id, and refuses two elements with one ID', () => {
    const { rows, problems, warnings } = rowsOf([networkFile([element(undefined, { id: '1' }), element('B', { id: '1' })], [])]);
    expect(values(rows, 'actors')).toEqual([expect.objectContaining({ id: 'map:1', name: '1' })]);
    expect(warnings).toContainEqual(expect.objectContaining({ field: 'Label', reason: expect.stringContaining('an element has no label; named by its ID') }));
    expect(warnings).toContainEqual(expect.objectContaining({ field: 'Type', reason: 'an element has no type; imported as Actor of kind OTHER' }));
    expect(problems).toEqual([expect.objectContaining({ field: 'ID', reason: expect.stringContaining('"1" is the ID of another element') })]);
  });

  it('never lets an id made from a label take over a node of another name; finds its own node again', () => {
    const files = [networkFile([element('UNDP', { type: 'Organization' }), element('Alpha')], [connection('UNDP', 'Alpha')])];
    const { rows } = rowsOf(files, new Map(), { existingNames: new Map([['undp', 'United Nations Development Programme'], ['alpha', 'alpha']]) });
    const [undp, alpha] = values(rows, 'actors');
    expect(undp.id).toMatch(/^undp-[0-9a-f]{6}$/);
    expect(alpha.id).toBe('alpha');
    expect(values(rows, 'relationships')[0]).toMatchObject({ fromId: undp.id, toId: 'alpha' });
  });

  it('gives two elements of one label and no ID two nodes', () => {
    const { rows } = rowsOf([networkFile([element('Alpha'), element('Alpha')], [])]);
    expect(values(rows, 'actors').map((actor) => actor.id)).toEqual(['alpha', 'alpha-2']);
  });
});
