import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { flattenValidationErrors, INPUT_VALIDATION } from '../../src/common/validation-errors';
import { MAP_LIMITS, MapInput } from '../../src/maps/map.input';
import {
  auditedVersion,
  canSee,
  changedFields,
  changesFrom,
  CurrentLinkRow,
  deleteRefusal,
  inputProblems,
  MapContent,
  MAX_MERGE_CHAIN,
  mergedIntoOf,
  NodeLookup,
  nodesShown,
  nodesToStore,
  resolveIds,
  saveAuditRecord,
  saveRefusal,
} from '../../src/maps/map.rules';
import { MapChangeKind, MapVisibility } from '../../src/maps/map.type';

const alice = { name: 'alice', role: 'editor' as const };
const bob = { name: 'bob', role: 'editor' as const };

function input(fields: Partial<MapInput>): MapInput {
  return plainToInstance(MapInput, { name: 'Carte', nodes: [], ...fields });
}

async function invalidFields(fields: Record<string, unknown>) {
  const errors = await validate(plainToInstance(MapInput, { name: 'Carte', nodes: [], ...fields }), INPUT_VALIDATION);
  return flattenValidationErrors(errors);
}

describe('MapInput validation (class-validator)', () => {
  it('accepts a plain map', async () => {
    expect(await invalidFields({ nodes: [{ id: 'undp', x: 1.5, y: -2, color: '#0a0', size: 2 }], visibility: 'PUBLIC', asOf: '2015-06' })).toEqual([]);
  });

  it.each([
    ['a name too long', { name: 'x'.repeat(MAP_LIMITS.name + 1) }, 'name'],
    ['a name of markup only', { name: '<b></b>' }, 'name'],
    ['too many nodes', { nodes: Array.from({ length: MAP_LIMITS.nodes + 1 }, (_, i) => ({ id: `n${i}` })) }, 'nodes'],
    ['a malformed node id', { nodes: [{ id: 'has space' }] }, 'nodes.0.id'],
    ['a colour by name', { nodes: [{ id: 'a', color: 'red' }] }, 'nodes.0.color'],
    ['a size out of bounds', { nodes: [{ id: 'a', size: 50 }] }, 'nodes.0.size'],
    ['a position out of bounds', { nodes: [{ id: 'a', x: 2e6, y: 0 }] }, 'nodes.0.x'],
    ['an annotation too long', { annotations: [{ text: 'x'.repeat(MAP_LIMITS.text + 1), x: 0, y: 0 }] }, 'annotations.0.text'],
    ['a malformed source id', { annotations: [{ text: 'ok', x: 0, y: 0, sourceIds: ['not a source id'] }] }, 'annotations.0.sourceIds'],
    ['a date that is none', { asOf: '2015-13' }, 'asOf'],
    ['an unknown visibility', { visibility: 'SHARED' }, 'visibility'],
  ])('refuses %s', async (_label, fields, field) => {
    expect((await invalidFields(fields)).map((problem) => problem.field)).toContain(field);
  });
});

describe('inputProblems', () => {
  it('finds nothing wrong with a consistent map', () => {
    expect(
      inputProblems(
        input({
          nodes: [{ id: 'a', x: 0, y: 0 }, { id: 'b' }],
          annotations: [
            { text: 'on a', nodeId: 'a' },
            { text: 'on a link', relationshipId: 'r1' },
            { text: 'here', x: 3, y: 4 },
          ],
        }),
      ),
    ).toEqual([]);
  });

  it('names a node listed twice, by its second place', () => {
    expect(inputProblems(input({ nodes: [{ id: 'a' }, { id: 'b' }, { id: 'a' }] }))).toEqual([
      { field: 'nodes.2.id', reason: '"a" is already nodes.0: a node is on a map once' },
    ]);
  });

  it('wants x and y together', () => {
    expect(inputProblems(input({ nodes: [{ id: 'a', x: 1 }, { id: 'b', y: 1 }] }))).toEqual([
      { field: 'nodes.0.y', reason: 'must be given with x' },
      { field: 'nodes.1.x', reason: 'must be given with y' },
    ]);
  });

  it('pins each annotation to exactly one node, link or point, the node being one of the map', () => {
    const problems = inputProblems(
      input({
        nodes: [{ id: 'a' }],
        annotations: [
          { text: 'nowhere' },
          { text: 'twice', nodeId: 'a', x: 1, y: 1 },
          { text: 'elsewhere', nodeId: 'z' },
          { id: 'n1', text: 'first', nodeId: 'a' },
          { id: 'n1', text: 'again', nodeId: 'a' },
          { text: '   ', nodeId: 'a' },
        ],
      }),
    );
    expect(problems).toEqual([
      { field: 'annotations.0', reason: 'must be pinned to a nodeId, a relationshipId or a point (x and y)' },
      { field: 'annotations.1', reason: 'must be pinned to one of a nodeId, a relationshipId or a point (x and y), not several' },
      { field: 'annotations.2.nodeId', reason: '"z" is not a node of this map' },
      { field: 'annotations.4.id', reason: '"n1" is already annotations.3' },
      { field: 'annotations.5.text', reason: 'must hold text besides spaces' },
    ]);
  });
});

describe('visibility and rights', () => {
  const privateOfAlice = { visibility: MapVisibility.PRIVATE, author: 'alice' };
  const publicOfAlice = { visibility: MapVisibility.PUBLIC, author: 'alice' };

  it('shows a public map to anyone and a private one to its author only', () => {
    expect(canSee(publicOfAlice, null)).toBe(true);
    expect(canSee(publicOfAlice, bob)).toBe(true);
    expect(canSee(privateOfAlice, alice)).toBe(true);
    expect(canSee(privateOfAlice, bob)).toBe(false);
    expect(canSee(privateOfAlice, null)).toBe(false);
  });

  it('lets any editor change a public map, its author only change its visibility, and nobody else touch a private one', () => {
    expect(saveRefusal(null, MapVisibility.PUBLIC, bob)).toBeNull();
    expect(saveRefusal(publicOfAlice, undefined, bob)).toBeNull();
    expect(saveRefusal(publicOfAlice, MapVisibility.PUBLIC, bob)).toBeNull();
    expect(saveRefusal(publicOfAlice, MapVisibility.PRIVATE, alice)).toBeNull();
    expect(saveRefusal(publicOfAlice, MapVisibility.PRIVATE, bob)).toMatchObject({ code: 'FORBIDDEN', field: 'visibility' });
    expect(saveRefusal(privateOfAlice, undefined, alice)).toBeNull();
    expect(saveRefusal(privateOfAlice, undefined, bob)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });
  });

  it('lets only the author delete, and hides someone else\'s private map as missing', () => {
    expect(deleteRefusal(publicOfAlice, alice, 'm')).toBeNull();
    expect(deleteRefusal(publicOfAlice, bob, 'm')).toMatchObject({ code: 'FORBIDDEN' });
    expect(deleteRefusal(privateOfAlice, bob, 'm')).toMatchObject({ code: 'NOT_FOUND' });
    expect(deleteRefusal(null, bob, 'm')).toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('following merges', () => {
  const node = (id: string) => ({ id });

  it('reads where an id went from its last merge-related entry', () => {
    expect(mergedIntoOf({ operation: 'mergeActors', after: { mergedInto: 'kept' } })).toBe('kept');
    // The kept side's own entry of a merge names no target.
    expect(mergedIntoOf({ operation: 'mergeActors', after: { movedLinks: [] } })).toBeNull();
    // Merged, then brought back by undoMerge, then gone: it is gone.
    expect(mergedIntoOf({ operation: 'undoMerge', after: { splitFrom: 'kept' } })).toBeNull();
    expect(mergedIntoOf(null)).toBeNull();
  });

  /** A graph of existing ids and merges, and a record of every lookup round. */
  function graph(existing: string[], merges: Record<string, string>) {
    const rounds: string[][] = [];
    const lookup: NodeLookup<{ id: string }> = async (ids) => {
      rounds.push([...ids]);
      return new Map(
        ids.map((id) => [
          id,
          existing.includes(id)
            ? { node: node(id), trail: null }
            : { node: null, trail: merges[id] ? { operation: 'mergeActors', after: { mergedInto: merges[id] } } : null },
        ]),
      );
    };
    return { lookup, rounds };
  }

  it('resolves all ids in one round, and chains of merges in one more round per level', async () => {
    const { lookup, rounds } = graph(['a', 'c', 'k'], { b: 'c', m1: 'm2', m2: 'k', x: 'gone-too' });
    const resolved = await resolveIds(['a', 'b', 'm1', 'x', 'deleted', 'a'], lookup);
    expect(Object.fromEntries(resolved)).toEqual({
      a: { node: node('a'), mergedInto: null },
      b: { node: node('c'), mergedInto: 'c' },
      m1: { node: node('k'), mergedInto: 'k' },
      x: { node: null, mergedInto: 'gone-too' },
      deleted: { node: null, mergedInto: null },
    });
    expect(rounds).toEqual([['a', 'b', 'm1', 'x', 'deleted'], ['c', 'm2', 'gone-too'], ['k']]);
  });

  it('stops on a cycle and on a chain longer than the bound', async () => {
    const cycle = graph([], { p: 'q', q: 'p' });
    expect((await resolveIds(['p'], cycle.lookup)).get('p')).toEqual({ node: null, mergedInto: 'q' });
    const merges = Object.fromEntries(Array.from({ length: MAX_MERGE_CHAIN + 5 }, (_, i) => [`c${i}`, `c${i + 1}`]));
    const long = graph([`c${MAX_MERGE_CHAIN + 5}`], merges);
    const resolved = (await resolveIds(['c0'], long.lookup)).get('c0')!;
    expect(resolved.node).toBeNull();
    expect(long.rounds).toHaveLength(MAX_MERGE_CHAIN + 1);
  });

  it('stores merged ids as the actor they follow, keeps gone ids the map held, and refuses the rest', () => {
    const resolved = new Map([
      ['a', { node: node('a'), mergedInto: null }],
      ['b', { node: node('k'), mergedInto: 'k' }],
      ['lost', { node: null, mergedInto: null }],
      ['never', { node: null, mergedInto: null }],
    ]);
    const ok = nodesToStore([{ id: 'a', x: 1, y: 2 }, { id: 'b', color: '#fff' }, { id: 'lost' }], resolved, new Set(['lost']));
    expect(ok.problems).toEqual([]);
    expect(ok.nodes).toEqual([{ id: 'a', x: 1, y: 2 }, { id: 'k', color: '#fff' }, { id: 'lost' }]);
    expect(ok.idOf.get('b')).toBe('k');

    expect(nodesToStore([{ id: 'never' }], resolved, new Set()).problems).toEqual([
      { field: 'nodes.0.id', reason: 'no actor, initiative or territory has id "never"' },
    ]);
    const both = new Map([...resolved, ['k', { node: node('k'), mergedInto: null }]]);
    expect(nodesToStore([{ id: 'k' }, { id: 'b' }], both, new Set()).problems).toEqual([
      { field: 'nodes.1.id', reason: '"b" was merged into "k", which nodes.0 already is' },
    ]);
  });

  it('shows two saved nodes that a merge made one as the first of them', () => {
    const resolved = new Map([
      ['keep', { node: node('keep'), mergedInto: null }],
      ['dup', { node: node('keep'), mergedInto: 'keep' }],
      ['gone', { node: null, mergedInto: null }],
    ]);
    const shown = nodesShown([{ id: 'dup', x: 1, y: 1 }, { id: 'gone' }, { id: 'keep', x: 9, y: 9 }], resolved);
    expect(shown.map(({ node: stored, resolution }) => [stored.id, resolution.node?.id ?? null])).toEqual([
      ['dup', 'keep'],
      ['gone', null],
    ]);
  });
});

describe('the audit trail of a map', () => {
  const content = (visibility: MapVisibility, name = 'Carte'): MapContent => ({
    name,
    description: null,
    visibility,
    asOf: null,
    nodes: [{ id: 'a', x: 1, y: 1 }],
    annotations: [],
  });

  it('names the fields a save changed', () => {
    expect(changedFields(null, content(MapVisibility.PUBLIC))).toEqual(['name', 'description', 'visibility', 'asOf', 'nodes', 'annotations']);
    expect(changedFields(content(MapVisibility.PUBLIC), content(MapVisibility.PUBLIC))).toEqual([]);
    expect(changedFields(content(MapVisibility.PUBLIC), { ...content(MapVisibility.PUBLIC), nodes: [{ id: 'a', x: 2, y: 1 }] })).toEqual(['nodes']);
  });

  it('keeps the content of public versions and only the number, visibility and author of private ones', () => {
    expect(auditedVersion(content(MapVisibility.PUBLIC), 3, 'alice')).toEqual({ ...content(MapVisibility.PUBLIC), version: 3, author: 'alice' });
    expect(auditedVersion(content(MapVisibility.PRIVATE), 3, 'alice')).toEqual({ version: 3, visibility: 'PRIVATE', author: 'alice' });
    const published = saveAuditRecord(
      'm',
      { content: content(MapVisibility.PRIVATE, 'Secret'), version: 1, author: 'alice' },
      { content: content(MapVisibility.PUBLIC, 'Public'), version: 2, author: 'alice' },
      'alice',
    );
    expect(published).toMatchObject({ targetId: 'm', operation: 'saveMap', by: 'alice', changedFields: ['name', 'visibility'] });
    expect(JSON.stringify(published.before)).not.toContain('Secret');
    expect(published.after).toMatchObject({ name: 'Public', version: 2 });
  });
});

describe('changesFrom', () => {
  const link = (fields: Partial<CurrentLinkRow<string>>): CurrentLinkRow<string> => ({
    id: 'r',
    type: 'PARTNERS_WITH',
    fromId: 'a',
    toId: 'b',
    createdAt: '2024-01-01T00:00:00.000Z',
    createdSince: false,
    endDate: null,
    relationship: 'the link',
    entries: [],
    ...fields,
  });
  const onMap = (saved: string[], shown: string[] = saved) => ({ saved: (id: string) => saved.includes(id), shown: (id: string) => shown.includes(id) });

  it('lists added, ended and removed links, newest first', () => {
    const changes = changesFrom(
      {
        current: [
          link({ id: 'new', createdSince: true, createdAt: '2024-03-01T00:00:00.000Z', entries: [{ at: '2024-03-01T00:00:00.000Z', by: 'alice', before: null, after: {}, changedFields: ['type'] }] }),
          link({
            id: 'ended',
            endDate: '2024',
            entries: [{ at: '2024-04-01T00:00:00.000Z', by: 'bob', before: { endDate: null }, after: { endDate: '2024' }, changedFields: ['endDate', 'endLast'] }],
          }),
          // Its end date moved, but it had one already: not a new end.
          link({ id: 'moved-end', endDate: '2025', entries: [{ at: '2024-04-02T00:00:00.000Z', by: 'bob', before: { endDate: '2024' }, after: { endDate: '2025' }, changedFields: ['endDate'] }] }),
          // Ended, then its end removed again: nothing to show.
          link({ id: 'reopened', endDate: null, entries: [{ at: '2024-04-03T00:00:00.000Z', by: 'bob', before: { endDate: null }, after: { endDate: '2024' }, changedFields: ['endDate'] }] }),
        ],
        deleted: [
          { id: 'del', at: '2024-05-01T00:00:00.000Z', by: 'carol', before: { type: 'FUNDS', fromId: 'a', toId: 'k' } },
          { id: 'del-outside', at: '2024-05-02T00:00:00.000Z', by: 'carol', before: { type: 'FUNDS', fromId: 'a', toId: 'elsewhere' } },
        ],
        merges: [
          {
            at: '2024-02-01T00:00:00.000Z',
            by: 'dan',
            after: {
              droppedLinks: [
                { id: 'between', type: 'MEMBER_OF', fromId: 'dup', toId: 'k', props: {} },
                { id: 'between-unshown', type: 'MEMBER_OF', fromId: 'k', toId: 'not-saved', props: {} },
              ],
            },
          },
          { at: '2024-02-02T00:00:00.000Z', by: 'dan', after: { mergedInto: 'k' } },
        ],
      },
      onMap(['a', 'b', 'dup'], ['a', 'b', 'dup', 'k']),
      10,
    );
    expect(changes.map(({ change, relationshipId, at, by, relationship }) => [change, relationshipId, at, by, relationship])).toEqual([
      [MapChangeKind.REMOVED, 'del', '2024-05-01T00:00:00.000Z', 'carol', null],
      [MapChangeKind.ENDED, 'ended', '2024-04-01T00:00:00.000Z', 'bob', 'the link'],
      [MapChangeKind.ADDED, 'new', '2024-03-01T00:00:00.000Z', 'alice', 'the link'],
    ]);
  });

  it('reports the links a merge of two saved nodes dropped, and stops at `first`', () => {
    const changes = changesFrom(
      {
        current: [link({ id: 'r1', createdSince: true, createdAt: '2024-03-01T00:00:00.000Z' }), link({ id: 'r2', createdSince: true, createdAt: '2024-03-02T00:00:00.000Z' })],
        deleted: [],
        merges: [{ at: '2024-02-01T00:00:00.000Z', by: 'dan', after: { droppedLinks: [{ id: 'between', type: 'MEMBER_OF', fromId: 'dup', toId: 'k', props: {} }] } }],
      },
      onMap(['dup', 'k']),
      10,
    );
    expect(changes.map((change) => [change.change, change.relationshipId, change.by])).toEqual([
      [MapChangeKind.ADDED, 'r2', null],
      [MapChangeKind.ADDED, 'r1', null],
      [MapChangeKind.REMOVED, 'between', 'dan'],
    ]);
    expect(changesFrom({ current: [link({ id: 'r1', createdSince: true }), link({ id: 'r2', createdSince: true })], deleted: [], merges: [] }, onMap([]), 1)).toHaveLength(1);
  });
});
