import { gql } from 'graphql-request';
import { startTestServer, TestServer } from '../support/server';

/** The key facts of each seed document, read back through the public API. */
describe('seed documents through GraphQL', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => server.close());

  const q = <T>(query: string, variables?: object) => server.anonymous.request<T>(query, variables);

  const linksOf = async (id: string, types: string[]) => {
    const data = await q<{ actor: { relationships: { edges: { node: { type: string; from: { id: string }; to: { id: string }; sources: { id: string }[] } }[] } } }>(gql`
      query ($id: ID!, $types: [RelationshipType!]) {
        actor(id: $id) { relationships(types: $types, first: 200) { edges { node { type from { id } to { id } sources { id } } } } }
      }
    `, { id, types });
    return data.actor.relationships.edges.map((e) => e.node);
  };

  describe('000: UNDP ART in Bolivia and Ecuador', () => {
    it('has UNDP, known as PNUD, partnering with the Governorate of Tarija, sourced', async () => {
      const links = await linksOf('undp', ['PARTNERS_WITH']);
      const partnership = links.find((l) => l.to.id === 'gouvernorat-tarija' || l.from.id === 'gouvernorat-tarija');
      expect(partnership).toBeDefined();
      expect(partnership!.sources.map((s) => s.id)).toContain('doc-000-art-bolivia-ecuador');
      // Other test files add their own "PNUD" nodes meanwhile, so only membership is stable.
      const hit = await q<{ search: { node: { id: string } }[] }>(gql`{ search(text: "PNUD", first: 20) { node { id } } }`);
      expect(hit.search.map((h) => h.node.id)).toContain('undp');
    });

    it('has the Tarija alliance, also called the Departmental Working Group, articulating three policy levels', async () => {
      const data = await q<{ initiative: { kind: string; aliases: string[]; relationships: { edges: { node: { type: string; level: string } }[] } } }>(gql`{
        initiative(id: "alliance-developpement-productif-tarija") {
          kind aliases relationships(types: [ARTICULATES], direction: OUT) { edges { node { type level } } }
        }
      }`);
      expect(data.initiative.kind).toBe('PLATFORM');
      expect(data.initiative.aliases).toContain('Groupe de travail départemental');
      const levels = new Set(data.initiative.relationships.edges.map((e) => e.node.level));
      expect([...levels]).toEqual(expect.arrayContaining(['LOCAL', 'DEPARTMENTAL', 'NATIONAL']));
    });

    it('has every Ecuador figure as an indicator with its breakdown and source', async () => {
      const data = await q<{ initiative: { name: string; indicators: { name: string; value: number; breakdown: { value: number }[]; sources: { id: string }[] }[]; participants: { actor: { id: string } }[] } }>(gql`{
        initiative(id: "projet-conjoint-jeunesse-emploi-migration") {
          name indicators { name value breakdown { value } sources { id } }
          participants { actor { id } }
        }
      }`);
      const figures = data.initiative.indicators.map((i) => [i.value, i.breakdown.map((b) => b.value)]);
      expect(figures).toEqual(expect.arrayContaining([[1134, [570]], [1479, [1142]], [18, []], [3, []]]));
      expect(data.initiative.indicators.every((i) => i.sources.length > 0)).toBe(true);
      const coordinators = await linksOf('undp', ['COORDINATES']);
      expect(coordinators.map((l) => l.to.id)).toContain('projet-conjoint-jeunesse-emploi-migration');
    });

    it('records that the popular-finance programme was succeeded by the national enterprise', async () => {
      const links = await linksOf('programme-national-finances-populaires', ['SUCCEEDED_BY']);
      expect(links.map((l) => l.to.id)).toEqual(['entreprise-nationale-finances-populaires-solidaires']);
    });

    it('places the El Oro eco-park in El Oro, Ecuador', async () => {
      const data = await q<{ initiative: { territories: { id: string; parent: { id: string } }[] } }>(gql`{
        initiative(id: "eco-parc-agroindustriel-el-oro") { territories { id parent { id } } }
      }`);
      expect(data.initiative.territories).toEqual([{ id: 'province-el-oro', parent: { id: 'ecuador' } }]);
    });
  });

  describe('001: UCLG LESD panel 1.3.2', () => {
    it('is an event of 31 May 2021 with its themes, led by the LESD committee', async () => {
      const data = await q<{ initiative: { kind: string; startDate: string; themes: string[]; participants: { actor: { id: string } }[] } }>(gql`{
        initiative(id: "uclg-lesd-panel-1-3-2") { kind startDate themes participants { actor { id } } }
      }`);
      expect(data.initiative).toMatchObject({ kind: 'EVENT', startDate: '2021-05-31' });
      expect(data.initiative.themes).toEqual(
        expect.arrayContaining(['social and solidarity economy (ESS)', 'circular economy', 'orange economy', 'smart specialisation', 'multi-actor governance']),
      );
      expect(data.initiative.participants.map((p) => p.actor.id)).toContain('uclg-lesd-committee');
    });
  });

  describe('003: Ecocuenca', () => {
    it('has the AFD -> La Guilde -> Ecocuenca funding chain with the EUR 10,000 grant', async () => {
      const afd = await q<{ actor: { fundingGiven: { to: { id: string } }[] } }>(gql`{ actor(id: "afd") { fundingGiven { to { id } } } }`);
      expect(afd.actor.fundingGiven.map((r) => r.to.id)).toContain('la-guilde');
      const guilde = await q<{ actor: { fundingGiven: { to: { id: string }; amount: { amount: number; currency: string }; sources: { id: string }[] }[] } }>(gql`{
        actor(id: "la-guilde") { fundingGiven { to { id } amount { amount currency } sources { id } } }
      }`);
      expect(guilde.actor.fundingGiven).toEqual([
        { to: { id: 'ecocuenca' }, amount: { amount: 10000, currency: 'EUR' }, sources: [{ id: 'doc-003-ecocuenca' }] },
      ]);
    });

    it('has the EUR 22,000 cost, the 498 beneficiaries and the two Peruvian watersheds', async () => {
      const data = await q<{ initiative: { budget: { amount: number; currency: string }; indicators: { name: string; value: number }[]; territories: { id: string; level: string }[]; participants: { actor: { id: string } }[] } }>(gql`{
        initiative(id: "ecocuenca") {
          budget { amount currency } indicators { name value } territories { id level }
          participants { actor { id } }
        }
      }`);
      expect(data.initiative.budget).toEqual({ amount: 22000, currency: 'EUR' });
      expect(data.initiative.indicators).toEqual(expect.arrayContaining([expect.objectContaining({ value: 498 })]));
      expect(data.initiative.territories.filter((t) => t.level === 'WATERSHED').map((t) => t.id).sort()).toEqual([
        'bassin-versant-cachora',
        'bassin-versant-pomacanchi',
      ]);
      expect(data.initiative.participants.map((p) => p.actor.id)).toEqual(expect.arrayContaining(['cadep', 'cedep-ayllu', 'aime']));
      const inPeru = await q<{ actors: { edges: { node: { id: string } }[] } }>(gql`{ actors(first: 100, filter: { territoryId: "peru" }) { edges { node { id } } } }`);
      expect(inPeru.actors.edges.map((e) => e.node.id)).toEqual(expect.arrayContaining(['cadep', 'cedep-ayllu', 'communautes-paysannes-pomacanchi-cachora']));
    });

    it('knows CEDEP AYLLU by its full name', async () => {
      const hit = await q<{ search: { node: { id: string } }[] }>(gql`{ search(text: "Centro para el Desarrollo de los Pueblos Ayllu", first: 5) { node { id } } }`);
      expect(hit.search.map((h) => h.node.id)).toContain('cedep-ayllu');
    });
  });

  describe('004: PTCE Renouveau productif', () => {
    it('links COORACE to LABO de l\'ESS and Pôle Sud Archer through the work axis', async () => {
      const data = await q<{ initiative: { kind: string; participants: { actor: { id: string }; relationship: { type: string } }[]; relationships: { edges: { node: { type: string; to: { id: string } } }[] } } }>(gql`{
        initiative(id: "ptce-renouveau-productif") {
          kind participants { actor { id } relationship { type } }
          relationships(types: [PART_OF], direction: OUT) { edges { node { type to { id } } } }
        }
      }`);
      expect(data.initiative.kind).toBe('WORK_AXIS');
      const leads = data.initiative.participants.filter((p) => p.relationship.type === 'LEADS').map((p) => p.actor.id);
      expect(leads).toEqual(expect.arrayContaining(['coorace', 'labo-ess', 'pole-sud-archer']));
      expect(data.initiative.relationships.edges.map((e) => e.node.to.id)).toContain('plan-action-national-ptce-2013-2014');
    });

    it('has the 2013/2014 national action plan with its goal of about a dozen PTCE', async () => {
      const data = await q<{ initiative: { kind: string; startDate: string; endDate: string; indicators: { value: number; unit: string }[] } }>(gql`{
        initiative(id: "plan-action-national-ptce-2013-2014") { kind startDate endDate indicators { value unit } }
      }`);
      expect(data.initiative).toMatchObject({ kind: 'ACTION_PLAN', startDate: '2013', endDate: '2014' });
      expect(data.initiative.indicators).toContainEqual({ value: 12, unit: 'PTCE' });
    });

    it('has the ESS networks and CNCRESS as a source of definitions', async () => {
      const data = await q<{ actors: { edges: { node: { id: string; sse: boolean } }[] } }>(gql`{ actors(first: 200, filter: { countryCode: "FR" }) { edges { node { id sse } } } }`);
      const ids = data.actors.edges.map((e) => e.node.id);
      expect(ids).toEqual(expect.arrayContaining(['labo-ess', 'coorace', 'avise', 'mouves', 'fnab', 'pole-sud-archer', 'cncress']));
      const source = await q<{ source: { title: string } }>(gql`{ source(id: "cncress-definitions") { title } }`);
      expect(source.source.title).toMatch(/CNCRESS/);
    });
  });
});
