import { chainFigures } from '../../src/network/funding-math';
import { groupByLevel, levelOf } from '../../src/network/articulation-levels';
import { buildNetwork, edgeProperties } from '../../src/network/network-builder';
import { buildTimeline, compareEvents } from '../../src/network/timeline-events';
import { buildPartners } from '../../src/network/partner-paths';
import { TimelineEvent, TimelineEventKind } from '../../src/network/timeline.type';
import { Scale } from '../../src/common/scale';
import type { GraphNode } from '../../src/common/graph-node';
import type { Relationship } from '../../src/relationships/relationship.type';
import type { RelationshipRow } from '../../src/relationships/relationship.repository';
import { Money, readMoney } from '../../src/common/money';

const money = (exact: string, currency: string, exactEur: string | null = null): Money => readMoney(exact, currency, exactEur)!;
const eur = (exact: string) => money(exact, 'EUR');
/** A chain of one link per hop. */
const legsOf = (amounts: (Money | null)[]) => amounts.map((amount) => [amount]);

describe('chainFigures', () => {
  it('takes the bottleneck over legs, a leg being the sum of the flows between its two nodes', () => {
    const figures = chainFigures([[eur('600000'), eur('400000')], [eur('79118.8'), eur('30245.2')]]);
    expect(figures.bottleneck).toMatchObject({ exact: '109364', currency: 'EUR' });
    expect(figures.total).toMatchObject({ exact: '1109364' });
    expect(figures.complete).toBe(true);
  });

  it('sums exactly and finds the smallest step when every step has an amount in one currency', () => {
    expect(chainFigures(legsOf([eur('0.1'), eur('0.2'), eur('1000.05')]))).toMatchObject({
      total: { amount: 1000.35, exact: '1000.35', currency: 'EUR', amountEur: 1000.35, exactEur: '1000.35' },
      bottleneck: { exact: '0.1', currency: 'EUR' },
      complete: true,
    });
  });

  it('counts negative amounts and keeps every decimal', () => {
    const figures = chainFigures(legsOf([eur('1000000.125'), eur('-250.0005'), eur('0.0001')]));
    expect(figures.total).toMatchObject({ exact: '999750.1246', currency: 'EUR' });
    expect(figures.bottleneck).toMatchObject({ exact: '-250.0005', currency: 'EUR' });
  });

  it('compares exactly where floats cannot tell amounts apart', () => {
    const figures = chainFigures(legsOf([eur('900719925474099.21'), eur('900719925474099.2')]));
    expect(figures.bottleneck?.exact).toBe('900719925474099.2');
    expect(figures.total?.exact).toBe('1801439850948198.41');
  });

  it('covers only the known steps and says the chain is incomplete', () => {
    expect(chainFigures(legsOf([null, eur('10000')]))).toMatchObject({ total: { amount: 10000, exact: '10000' }, bottleneck: { amount: 10000 }, complete: false });
    expect(chainFigures(legsOf([null, null]))).toEqual({ total: null, bottleneck: null, complete: false });
  });

  it('gives no total across currencies and compares the bottleneck in euros when it can', () => {
    const usd = money('2000', 'USD', '1800');
    expect(chainFigures(legsOf([eur('1900'), usd]))).toMatchObject({ total: null, bottleneck: { exact: '2000', currency: 'USD', exactEur: '1800' }, complete: true });
    expect(chainFigures(legsOf([eur('1700'), usd])).bottleneck).toMatchObject({ exact: '1700', currency: 'EUR' });
    expect(chainFigures(legsOf([eur('1700'), money('5', 'XOF')])).bottleneck).toBeNull();
  });
});

describe('articulation levels', () => {
  const node = (id: string, name = id): GraphNode => ({ id, name, nodeLabel: 'Initiative' });
  const entry = (id: string, rootLevels: string[], otherLevels: string[], scale: Scale | null) => ({ node: node(id), rootLevels, otherLevels, scale });

  it('takes the ARTICULATES level first, the most local one when there are several, then the scale', () => {
    expect(levelOf(entry('a', ['NATIONAL', 'DEPARTMENTAL'], ['LOCAL'], Scale.INTERNATIONAL))).toBe(Scale.DEPARTMENTAL);
    expect(levelOf(entry('b', [], ['REGIONAL'], Scale.NATIONAL))).toBe(Scale.REGIONAL);
    expect(levelOf(entry('c', [], [], Scale.NATIONAL))).toBe(Scale.NATIONAL);
    expect(levelOf(entry('d', [], [], null))).toBeNull();
  });

  it('orders the groups from local to international, then the unknown group, leaving out empty levels', () => {
    const groups = groupByLevel([
      entry('undp', [], [], Scale.INTERNATIONAL),
      entry('nowhere', [], [], null),
      entry('zeta', ['LOCAL'], [], null),
      entry('alpha', [], [], Scale.LOCAL),
      entry('state', [], [], Scale.NATIONAL),
    ]);
    expect(groups.map((g) => [g.level, g.nodes.map((n) => n.id)])).toEqual([
      [Scale.LOCAL, ['alpha', 'zeta']],
      [Scale.NATIONAL, ['state']],
      [Scale.INTERNATIONAL, ['undp']],
      [null, ['nowhere']],
    ]);
  });
});

describe('network builder', () => {
  it('shows money as numbers and exact strings and hides bookkeeping and date bounds', () => {
    expect(
      edgeProperties({
        id: 'x',
        amountExact: '10000.125',
        amountValue: 10000.125,
        amountEurExact: '-9500',
        amountEurValue: -9500,
        currency: 'EUR',
        startDate: '2014',
        startFirst: '2014-01-01',
        endLast: null,
        createdAt: 'then',
        updatedAt: 'now',
        sourceIds: ['s'],
      }),
    ).toEqual({ amount: 10000.125, amountExact: '10000.125', amountEur: -9500, amountEurExact: '-9500', currency: 'EUR', startDate: '2014', sourceIds: ['s'] });
  });

  it('keeps only edges whose ends are both in the network, once each', () => {
    const network = buildNetwork(
      [
        { label: 'Actor', props: { id: 'a', name: 'A', kind: 'NGO' } },
        { label: 'Territory', props: { id: 't', name: 'T', level: 'COUNTRY' } },
      ],
      [
        { id: 'r1', type: 'ACTS_IN', source: 'a', target: 't', props: {} },
        { id: 'r1', type: 'ACTS_IN', source: 'a', target: 't', props: {} },
        { id: 'r2', type: 'PARTNERS_WITH', source: 'a', target: 'elsewhere', props: {} },
      ],
      false,
    );
    expect(network.nodes.map((n) => ({ ...n }))).toEqual([
      { id: 'a', label: 'A', type: 'Actor', kind: 'NGO', tags: [], attributes: null },
      { id: 't', label: 'T', type: 'Territory', kind: 'COUNTRY', tags: [], attributes: null },
    ]);
    expect(network.edges.map((e) => e.id)).toEqual(['r1']);
    expect(network.truncated).toBe(false);
  });
});

describe('timeline', () => {
  const at = (date: string, kind = TimelineEventKind.STARTED, label = 'x') => Object.assign(new TimelineEvent(), { date, kind, label, node: null, relationship: null });

  it('orders partial dates by the first day they cover, coarser first, starts before ends', () => {
    const events = [at('2014-03'), at('2013-12-31'), at('2014', TimelineEventKind.ENDED), at('2014-01-01'), at('2014')];
    expect(events.sort(compareEvents).map((e) => `${e.date} ${e.kind}`)).toEqual([
      '2013-12-31 STARTED',
      '2014 STARTED',
      '2014 ENDED',
      '2014-01-01 STARTED',
      '2014-03 STARTED',
    ]);
  });

  it('lists the node\'s own period, its dated links and the dated initiatives next to it, each once', () => {
    const plan = { id: 'plan', name: 'Plan', nodeLabel: 'Initiative' as const, startDate: '2013', endDate: '2014' };
    const link = {
      id: 'l',
      type: 'LEADS',
      from: { id: 'a', name: 'A' },
      to: { id: 'plan', name: 'Plan' },
      startDate: '2013-06',
      endDate: null,
    } as unknown as Relationship;
    const events = buildTimeline(plan, [link], [plan]);
    expect(events.map((e) => [e.date, e.kind, e.label])).toEqual([
      ['2013', 'STARTED', 'Plan starts'],
      ['2013-06', 'STARTED', 'A LEADS Plan: starts'],
      ['2014', 'ENDED', 'Plan ends'],
    ]);
  });
});

describe('partner paths', () => {
  const actor = (id: string) => ({ id, name: id.toUpperCase(), kind: 'NGO', createdAt: 't', updatedAt: 't' });
  const link = (id: string, from: string, to: string, type: RelationshipRow['type'] = 'PARTNERS_WITH'): RelationshipRow => ({
    type,
    props: { id, createdAt: 't', updatedAt: 't' },
    from: actor(from),
    fromLabel: 'Actor',
    to: actor(to),
    toLabel: type === 'PARTNERS_WITH' ? 'Actor' : 'Initiative',
  });

  it('rebuilds each path from the parent links, shared initiatives included', () => {
    const initiative = { id: 'i', name: 'I', kind: 'PROJECT', createdAt: 't', updatedAt: 't' };
    const partners = buildPartners(actor('root'), [
      { node: actor('b'), distance: 1, parentId: 'root', rels: [link('r-b', 'root', 'b')], via: null },
      {
        node: actor('c'),
        distance: 2,
        parentId: 'b',
        rels: [link('b-i', 'b', 'i', 'LEADS'), link('c-i', 'c', 'i', 'PARTICIPATES_IN')],
        via: initiative,
      },
    ]);
    expect(partners.map((p) => [p.actor.id, p.distance, p.path.map((n) => n.id), p.via.map((r) => r.id)])).toEqual([
      ['b', 1, ['root', 'b'], ['r-b']],
      ['c', 2, ['root', 'b', 'i', 'c'], ['r-b', 'b-i', 'c-i']],
    ]);
    expect(partners[1].path.map((n) => n.nodeLabel)).toEqual(['Actor', 'Actor', 'Initiative', 'Actor']);
  });

  it('refuses a step whose parent is missing rather than returning a broken path', () => {
    expect(() => buildPartners(actor('root'), [{ node: actor('c'), distance: 2, parentId: 'b', rels: [], via: null }])).toThrow(/no path back/);
  });
});
