import { openTestDatabase, TestDatabase } from '../support/database';
import { PartnerVia } from '../../src/network/partner.type';
import { FlowDirection } from '../../src/network/funding.type';
import { Scale } from '../../src/common/scale';

/** Network questions answered on the seed data (seeds/*.json), with answers read off the seed documents. */
describe('network queries on the seed data', () => {
  let test: TestDatabase;
  beforeAll(async () => {
    test = await openTestDatabase();
  });
  afterAll(async () => {
    await test.close();
  });

  const ids = (nodes: { id: string }[]) => nodes.map((n) => n.id);

  it('follows the money from AFD through La Guilde to Ecocuenca (EUR 10,000)', async () => {
    const chains = await test.services.network.fundingChains({ from: 'afd', to: 'ecocuenca' });
    expect(chains).toHaveLength(1);
    const [chain] = chains;
    expect(chain.hops).toBe(2);
    expect(chain.steps.map((s) => [s.from.id, s.to.id])).toEqual([
      ['afd', 'la-guilde'],
      ['la-guilde', 'ecocuenca'],
    ]);
    expect(chain.steps.map((s) => s.id)).toEqual(['afd-funds-la-guilde', 'la-guilde-funds-ecocuenca']);
    // The document gives no figure for AFD -> La Guilde: the chain says so instead of inventing one.
    expect(chain.steps[0].amount).toBeNull();
    expect(chain.steps[1].amount).toMatchObject({ amount: 10000, currency: 'EUR' });
    expect(chain.steps[1].sourceIds).toContain('doc-003-ecocuenca');
    expect(chain.total).toMatchObject({ amount: 10000, currency: 'EUR' });
    expect(chain.bottleneck).toMatchObject({ amount: 10000, currency: 'EUR' });
    expect(chain.complete).toBe(false);

    const fromAfd = await test.services.network.fundingChains({ from: 'afd' });
    expect(fromAfd.map((c) => c.steps.map((s) => s.to.id))).toEqual([['la-guilde'], ['la-guilde', 'ecocuenca']]);
    const intoEcocuenca = await test.services.network.fundingChains({ to: 'ecocuenca', minAmount: 5000 });
    expect(intoEcocuenca.map((c) => c.steps.map((s) => s.id))).toEqual([['la-guilde-funds-ecocuenca']]);
  });

  it('gives Sankey flows downstream of AFD and upstream of Ecocuenca, with the unknown amount as 0', async () => {
    for (const [root, direction] of [
      ['afd', FlowDirection.DOWNSTREAM],
      ['ecocuenca', FlowDirection.UPSTREAM],
    ] as const) {
      const sankey = await test.services.network.fundingFlows(root, { direction });
      expect(ids(sankey.nodes).sort()).toEqual(['afd', 'ecocuenca', 'la-guilde']);
      expect(sankey.links).toEqual(
        expect.arrayContaining([
          { source: 'afd', target: 'la-guilde', value: 0, exact: '0', currency: null, count: 1, unconverted: 0 },
          { source: 'la-guilde', target: 'ecocuenca', value: 10000, exact: '10000', currency: 'EUR', count: 1, unconverted: 0 },
        ]),
      );
      expect(sankey.links).toHaveLength(2);
      expect(sankey.truncated).toBe(false);
    }
  });

  it('finds the partners of COORACE at depth 2, directly and through shared initiatives', async () => {
    const direct = await test.services.network.partners('coorace', { depth: 2 });
    expect(direct.map((p) => [p.actor.id, p.distance])).toEqual([
      ['labo-ess', 1],
      ['pole-sud-archer', 1],
    ]);
    const labo = direct.find((p) => p.actor.id === 'labo-ess')!;
    expect(ids(labo.path)).toEqual(['coorace', 'labo-ess']);
    expect(labo.via.map((r) => r.id)).toEqual(['labo-ess-partners-with-coorace']);

    const shared = await test.services.network.partners('coorace', {
      depth: 2,
      via: [PartnerVia.DIRECT, PartnerVia.SHARED_INITIATIVE],
    });
    const byId = new Map(shared.map((p) => [p.actor.id, p]));
    // AVISE, MOUVES and FNAB only share the PTCE day with COORACE; the poles take part in the work axis it leads.
    expect([...byId.keys()].sort()).toEqual(['avise', 'fnab', 'labo-ess', 'mouves', 'pole-sud-archer', 'ptce-renouveau-productif-poles']);
    expect(shared.every((p) => p.distance === 1)).toBe(true);
    const avise = byId.get('avise')!;
    expect(ids(avise.path)).toEqual(['coorace', 'journee-ptce-renouveau-productif', 'avise']);
    expect(avise.via.map((r) => r.type)).toEqual(['PARTICIPATES_IN', 'PARTICIPATES_IN']);
    expect(ids(byId.get('ptce-renouveau-productif-poles')!.path)).toEqual([
      'coorace',
      'ptce-renouveau-productif',
      'ptce-renouveau-productif-poles',
    ]);
    expect(byId.get('pole-sud-archer')!.via.map((r) => r.type)).toEqual(['PARTNERS_WITH']);
  });

  it('reaches depth 2 where the seed has it: UNDP through the Tarija governorate', async () => {
    const partners = await test.services.network.partners('undp', {
      depth: 2,
      via: [PartnerVia.DIRECT, PartnerVia.SHARED_INITIATIVE],
    });
    const tarija = partners.find((p) => p.actor.id === 'gouvernorat-tarija')!;
    expect(tarija.distance).toBe(1);
    const depth2 = partners.filter((p) => p.distance === 2);
    const privateActors = depth2.find((p) => p.actor.id === 'acteurs-prives-tarija')!;
    expect(ids(privateActors.path).slice(-3)).toEqual(['gouvernorat-tarija', 'alliance-developpement-productif-tarija', 'acteurs-prives-tarija']);
    for (const partner of depth2) {
      expect(partner.path[0].id).toBe('undp');
      expect(partner.path[partner.path.length - 1].id).toBe(partner.actor.id);
      expect(partner.via.length).toBeGreaterThanOrEqual(2);
    }
  });

  it('finds what LABO de l\'ESS and COORACE are both linked to, with the links', async () => {
    const shared = await test.services.network.sharedPartners(['labo-ess', 'coorace']);
    expect(ids(shared).sort()).toEqual(['journee-ptce-renouveau-productif', 'pole-sud-archer', 'ptce-renouveau-productif']);
    const interlocks = await test.services.network.interlocks(['labo-ess', 'coorace']);
    const axis = interlocks.find((i) => i.node.id === 'ptce-renouveau-productif')!;
    expect(axis.links.map((r) => r.id).sort()).toEqual(['coorace-leads-ptce-renouveau-productif', 'labo-ess-leads-ptce-renouveau-productif']);
    for (const interlock of interlocks) {
      expect(interlock.links.map((r) => (r.from.id === interlock.node.id ? r.to.id : r.from.id)).sort()).toEqual(['coorace', 'labo-ess']);
    }
  });

  it('articulates the Tarija alliance from the local to the international level', async () => {
    const articulation = await test.services.network.articulation('alliance-developpement-productif-tarija');
    expect(articulation).not.toBeNull();
    expect(articulation!.root.id).toBe('alliance-developpement-productif-tarija');
    const levels = articulation!.levels.map((l) => l.level);
    expect(levels).toEqual([Scale.LOCAL, Scale.DEPARTMENTAL, Scale.NATIONAL, Scale.INTERNATIONAL]);
    const at = (level: Scale) => ids(articulation!.levels.find((l) => l.level === level)!.nodes).sort();
    expect(at(Scale.LOCAL)).toEqual(['politiques-locales-tarija']);
    expect(at(Scale.DEPARTMENTAL)).toEqual([
      'acteurs-prives-tarija',
      'gouvernorat-tarija',
      'politiques-departementales-tarija',
      'societe-civile-tarija',
      'strategie-developpement-productif-tarija',
    ]);
    expect(at(Scale.NATIONAL)).toEqual(['pc-bolivie', 'politiques-nationales-bolivie']);
    expect(at(Scale.INTERNATIONAL)).toEqual(['undp']);
    const links = articulation!.links.map((r) => r.id);
    expect(links).toEqual(
      expect.arrayContaining([
        'alliance-developpement-productif-tarija-articulates-politiques-locales-tarija',
        'alliance-developpement-productif-tarija-articulates-politiques-departementales-tarija',
        'alliance-developpement-productif-tarija-articulates-politiques-nationales-bolivie',
        'undp-supports-alliance-developpement-productif-tarija',
        // links among the nodes, across levels
        'gouvernorat-tarija-leads-politiques-departementales-tarija',
        'strategie-developpement-productif-tarija-articulates-politiques-locales-tarija',
        'undp-partners-with-gouvernorat-tarija',
      ]),
    );
    // territories are places, not parties to the articulation
    expect(links.some((id) => id.includes('-acts-in-'))).toBe(false);
    expect(await test.services.network.articulation('no-such-node')).toBeNull();
  });

  it('finds the shortest path from AIME to AFD (3 links through Ecocuenca)', async () => {
    const path = await test.services.network.shortestPath('aime', 'afd');
    expect(path).not.toBeNull();
    expect(path!.length).toBe(3);
    expect(path!.nodes[0].id).toBe('aime');
    expect(path!.nodes[3].id).toBe('afd');
    expect(path!.nodes[1].id).toBe('ecocuenca');
    path!.relationships.forEach((rel, i) => {
      expect([rel.from.id, rel.to.id].sort()).toEqual([path!.nodes[i].id, path!.nodes[i + 1].id].sort());
    });
    expect(await test.services.network.shortestPath('aime', 'afd', { types: ['PARTNERS_WITH'] })).toBeNull();
    expect(await test.services.network.shortestPath('aime', 'afd', { maxHops: 2 })).toBeNull();
    const self = await test.services.network.shortestPath('aime', 'aime');
    expect(self).toMatchObject({ length: 0, relationships: [] });
  });

  it('builds ego networks and filtered networks whose edges stay inside their nodes', async () => {
    const ego = await test.services.network.egoNetwork('coorace', { radius: 1 });
    expect(ego.nodes[0]).toMatchObject({ id: 'coorace', label: 'COORACE', type: 'Actor', kind: 'ESS_NETWORK' });
    expect(ids(ego.nodes)).toEqual(
      expect.arrayContaining(['labo-ess', 'pole-sud-archer', 'ptce-renouveau-productif', 'journee-ptce-renouveau-productif', 'france']),
    );
    expect(ego.nodes.find((n) => n.id === 'france')).toMatchObject({ type: 'Territory', kind: 'COUNTRY' });
    const nodeIds = new Set(ids(ego.nodes));
    for (const edge of ego.edges) {
      expect(nodeIds.has(edge.source) && nodeIds.has(edge.target)).toBe(true);
    }
    expect(ego.edges.find((e) => e.id === 'labo-ess-partners-with-coorace')).toMatchObject({
      source: 'labo-ess',
      target: 'coorace',
      type: 'PARTNERS_WITH',
    });
    expect(ego.truncated).toBe(false);

    const around = await test.services.network.network({ initiativeId: 'ecocuenca', types: ['FUNDS', 'LEADS', 'PARTICIPATES_IN', 'PART_OF'] });
    expect(ids(around.nodes)).toEqual(expect.arrayContaining(['ecocuenca', 'la-guilde', 'cadep', 'aime', 'microprojets-la-guilde']));
    const funding = around.edges.find((e) => e.id === 'la-guilde-funds-ecocuenca')!;
    expect(funding.properties).toMatchObject({ amount: 10000, currency: 'EUR', instrument: 'grant' });
    expect(funding.properties).toMatchObject({ amountExact: '10000' });
    expect(funding.properties).not.toHaveProperty('amountValue');

    const french = await test.services.network.network({ territoryId: 'france', kinds: ['ESS_NETWORK'] });
    expect(ids(french.nodes)).toEqual(['avise', 'cncress', 'coorace', 'fnab', 'labo-ess', 'mouves']);
    expect(french.edges.map((e) => e.id)).toEqual(['labo-ess-partners-with-coorace']);
    await expect(test.services.network.network({ kinds: ['SPACESHIP'] })).rejects.toMatchObject({
      extensions: { code: 'BAD_USER_INPUT', field: 'filter.kinds' },
    });
  });

  it('lists the dated events around the PTCE work axis: the 2013-2014 national plan', async () => {
    const events = await test.services.network.timeline('ptce-renouveau-productif');
    expect(events.map((e) => [e.date, e.kind, e.node?.id])).toEqual([
      ['2013', 'STARTED', 'plan-action-national-ptce-2013-2014'],
      ['2014', 'ENDED', 'plan-action-national-ptce-2013-2014'],
    ]);
  });
});
