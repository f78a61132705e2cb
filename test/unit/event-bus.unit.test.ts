import { ChangeKind, GraphChangeNote, MapEditKind, nodeUpsertNotes, relationshipUpsertNotes } from '../../src/events/changes';
import { coalesce, GraphChangeEvent, NODE_IDS_PER_COMMIT, NODE_IDS_PER_EVENT, SINGLE_EVENTS_MAX, touches } from '../../src/events/coalesce';
import { EventBus, MapEditEvent, SlowConsumerError } from '../../src/events/event-bus';
import { publishCommitted } from '../../src/events/publisher';
import { MapVisibility } from '../../src/maps/map.type';

const AT = '2026-12-01T12:00:00.000Z';

function event(nodeIds: string[], change = ChangeKind.UPDATED): GraphChangeEvent {
  return { change, nodeIds, relationshipId: null, at: AT, truncated: false };
}

/** Lets the bus's pumps run: delivery goes through promises. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

async function take<T>(iterator: AsyncIterator<T>, count: number): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < count; i++) {
    const result = await iterator.next();
    if (result.done) break;
    out.push(result.value);
  }
  return out;
}

describe('the event bus', () => {
  it('delivers what is published after a subscriber listens, in order, to every subscriber', async () => {
    const bus = new EventBus();
    bus.publish('graphChanged', event(['before']));
    const first = bus.listen('graphChanged');
    const second = bus.listen('graphChanged');
    await settle();
    bus.publish('graphChanged', event(['a']));
    bus.publish('graphChanged', event(['b']));
    expect((await take(first, 2)).map((e) => e.nodeIds)).toEqual([['a'], ['b']]);
    expect((await take(second, 2)).map((e) => e.nodeIds)).toEqual([['a'], ['b']]);
  });

  it('routes a topic with an id by that id', async () => {
    const bus = new EventBus();
    const edit = (mapId: string): MapEditEvent => ({
      change: MapEditKind.SAVED,
      mapId,
      version: 1,
      name: mapId,
      by: 'someone',
      at: AT,
      visibility: MapVisibility.PUBLIC,
      author: 'someone',
    });
    const mine = bus.listen('mapChanged', 'map-1');
    await settle();
    bus.publish('mapChanged', 'map-2', edit('map-2'));
    bus.publish('mapChanged', 'map-1', edit('map-1'));
    expect((await take(mine, 1)).map((e) => e.mapId)).toEqual(['map-1']);
  });

  it('keeps filtered-out events out of the queue', async () => {
    const bus = new EventBus();
    const watched = new Set(['x']);
    const iterator = bus.listen('graphChanged', { limit: 2, filter: (e) => touches(e, watched) });
    await settle();
    for (let i = 0; i < 10; i++) bus.publish('graphChanged', event([`other-${i}`]));
    bus.publish('graphChanged', event(['y', 'x']));
    await settle();
    expect((await take(iterator, 1)).map((e) => e.nodeIds)).toEqual([['y', 'x']]);
  });

  it('drops a subscriber whose queue passes its limit, tells it once, and stops counting it', async () => {
    const bus = new EventBus();
    const overflows: SlowConsumerError[] = [];
    const iterator = bus.listen('graphChanged', { limit: 3, onOverflow: (error) => overflows.push(error) });
    const reader = bus.listen('graphChanged', { limit: 10 });
    await settle();
    expect(bus.subscriptions).toBe(2);
    // Nobody reads `iterator`: three events wait, the fourth overflows.
    for (let i = 0; i < 3; i++) bus.publish('graphChanged', event([`n${i}`]));
    await settle();
    expect(overflows).toEqual([]);
    bus.publish('graphChanged', event(['n3']));
    await settle();
    expect(overflows).toHaveLength(1);
    expect(overflows[0]).toBeInstanceOf(SlowConsumerError);
    expect(overflows[0].limit).toBe(3);
    await expect(iterator.next()).rejects.toBeInstanceOf(SlowConsumerError);
    expect(bus.subscriptions).toBe(1);
    bus.publish('graphChanged', event(['n4']));
    await settle();
    expect(overflows).toHaveLength(1);
    await reader.return!();
    expect(bus.subscriptions).toBe(0);
  });

  it('does not count an event handed straight to a waiting reader against the limit', async () => {
    const bus = new EventBus();
    const iterator = bus.listen('graphChanged', { limit: 1 });
    await settle();
    const got: string[][] = [];
    for (let i = 0; i < 5; i++) {
      const next = iterator.next();
      bus.publish('graphChanged', event([`n${i}`]));
      got.push(((await next).value as GraphChangeEvent).nodeIds);
    }
    expect(got).toEqual([['n0'], ['n1'], ['n2'], ['n3'], ['n4']]);
  });

  it('ends a subscription after the event its `last` names, delivering what was queued first', async () => {
    const bus = new EventBus();
    const iterator = bus.listen('graphChanged', { last: (e) => e.change === ChangeKind.DELETED });
    await settle();
    bus.publish('graphChanged', event(['a']));
    bus.publish('graphChanged', event(['a'], ChangeKind.DELETED));
    bus.publish('graphChanged', event(['after']));
    await settle();
    expect((await take(iterator, 5)).map((e) => e.change)).toEqual([ChangeKind.UPDATED, ChangeKind.DELETED]);
    expect(await iterator.next()).toEqual({ value: undefined, done: true });
    expect(bus.subscriptions).toBe(0);
  });

  it('implements type-graphql PubSub subscribe with the default limit', async () => {
    const bus = new EventBus(2);
    const iterator = bus.subscribe('graphChanged');
    await settle();
    for (let i = 0; i < 3; i++) bus.publish('graphChanged', event([`n${i}`]));
    await settle();
    await expect(iterator.next()).rejects.toBeInstanceOf(SlowConsumerError);
  });
});

describe('what a commit publishes', () => {
  const note = (nodeIds: string[], change = ChangeKind.CREATED, relationshipId?: string): GraphChangeNote => ({ topic: 'graph', change, nodeIds, relationshipId });

  it('is one event per note for a small commit, with its relationshipId and without repeated ids', () => {
    expect(coalesce([note(['a']), note(['b', 'a', 'b'], ChangeKind.UPDATED, 'rel-1')], AT)).toEqual([
      { change: ChangeKind.CREATED, nodeIds: ['a'], relationshipId: null, at: AT, truncated: false },
      { change: ChangeKind.UPDATED, nodeIds: ['b', 'a'], relationshipId: 'rel-1', at: AT, truncated: false },
    ]);
  });

  it('is one event per kind of change past SINGLE_EVENTS_MAX notes, naming every node once', () => {
    const notes = [
      ...Array.from({ length: SINGLE_EVENTS_MAX }, (_, i) => note([`n${i}`])),
      note(['n0', 'n1'], ChangeKind.CREATED, 'link'),
      note(['n5'], ChangeKind.UPDATED),
    ];
    const events = coalesce(notes, AT);
    expect(events.map((e) => [e.change, e.nodeIds.length, e.relationshipId])).toEqual([
      [ChangeKind.CREATED, SINGLE_EVENTS_MAX, null],
      [ChangeKind.UPDATED, 1, null],
    ]);
  });

  it('splits long lists of ids into events of NODE_IDS_PER_EVENT, and stands in one truncated event past NODE_IDS_PER_COMMIT', () => {
    const ids = (n: number, prefix: string) => Array.from({ length: n }, (_, i) => `${prefix}${i}`);
    const split = coalesce([note(ids(NODE_IDS_PER_EVENT * 2 + 1, 'm'), ChangeKind.MERGED)], AT);
    expect(split.map((e) => e.nodeIds.length)).toEqual([NODE_IDS_PER_EVENT, NODE_IDS_PER_EVENT, 1]);
    expect(new Set(split.flatMap((e) => e.nodeIds)).size).toBe(NODE_IDS_PER_EVENT * 2 + 1);

    const huge = coalesce(
      Array.from({ length: SINGLE_EVENTS_MAX + 1 }, (_, i) => note(ids(NODE_IDS_PER_COMMIT / 10, `b${i}-`))),
      AT,
    );
    expect(huge).toEqual([{ change: ChangeKind.CREATED, nodeIds: [], relationshipId: null, at: AT, truncated: true }]);
  });

  it('reaches a subscriber that watches any node it names, or every node, and a truncated one reaches all', () => {
    expect(touches(event(['a', 'b']), new Set(['b']))).toBe(true);
    expect(touches(event(['a', 'b']), new Set(['c']))).toBe(false);
    expect(touches(event(['a']), null)).toBe(true);
    expect(touches({ ...event([]), truncated: true }, new Set(['c']))).toBe(true);
  });

  it('notes created and updated rows, not unchanged ones; a link touches its ends before and after', () => {
    const results = [
      { id: 'a', outcome: 'created' as const, before: null, after: {}, changedKeys: [] },
      { id: 'b', outcome: 'unchanged' as const, before: {}, after: {}, changedKeys: [] },
      { id: 'c', outcome: 'updated' as const, before: {}, after: {}, changedKeys: ['name'] },
    ];
    expect(nodeUpsertNotes(results)).toEqual([
      { topic: 'graph', change: ChangeKind.CREATED, nodeIds: ['a'] },
      { topic: 'graph', change: ChangeKind.UPDATED, nodeIds: ['c'] },
    ]);
    expect(
      relationshipUpsertNotes([{ id: 'r', outcome: 'updated', before: { fromId: 'x', toId: 'y' }, after: { fromId: 'x', toId: 'z' }, changedKeys: ['toId'] }]),
    ).toEqual([{ topic: 'graph', change: ChangeKind.UPDATED, nodeIds: ['x', 'y', 'z'], relationshipId: 'r' }]);
  });

  it('publishes a commit network changes on graphChanged and map edits on mapChanged under the map id', async () => {
    const bus = new EventBus();
    const graph = bus.listen('graphChanged');
    const map = bus.listen('mapChanged', 'map-9');
    await settle();
    const committedAt = new Date(AT);
    publishCommitted(
      bus,
      [
        note(['a']),
        { topic: 'map', change: MapEditKind.SAVED, mapId: 'map-9', version: 3, name: 'Carte', by: 'ed', visibility: MapVisibility.PRIVATE, author: 'ed' },
      ],
      committedAt,
    );
    expect(await take(graph, 1)).toEqual([{ change: ChangeKind.CREATED, nodeIds: ['a'], relationshipId: null, at: AT, truncated: false }]);
    expect(await take(map, 1)).toEqual([
      { change: MapEditKind.SAVED, mapId: 'map-9', version: 3, name: 'Carte', by: 'ed', visibility: MapVisibility.PRIVATE, author: 'ed', at: AT },
    ]);
  });
});
