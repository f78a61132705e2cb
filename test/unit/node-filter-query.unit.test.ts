import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { ActorFilter } from '../../src/actors/actor.input';
import { InitiativeFilter } from '../../src/initiatives/initiative.input';
import { BadInputError } from '../../src/common/errors';
import { compileActorFilter, compileInitiativeFilter, CompiledFilter, compileRelationshipFilter, textLookups, TextMatches } from '../../src/filters/node-filter.query';
import { RelationshipFilter } from '../../src/filters/filter.input';
import { Direction } from '../../src/relationships/relationship.type';
import { nodeOrder, NodeSortField, SortDirection } from '../../src/analysis/node-sort';

/** Full-text lookups answered from a table, as the service would after asking the index. */
const texts: TextMatches = {
  idsOf: (label, text) => (label === 'Actor' && text === 'réseau' ? ['coorace', 'avise'] : label === 'Initiative' && text === 'emploi' ? ['i-emploi'] : []),
};

const actorFilter = (plain: object) => plainToInstance(ActorFilter, plain);
const initiativeFilter = (plain: object) => plainToInstance(InitiativeFilter, plain);

/** The statement as it is sent: the page query starts from `start` when there is one, and joins the conjuncts with AND. */
const text = (compiled: CompiledFilter) => [...(compiled.start ? [`FROM ${compiled.start}\nWHERE`] : []), compiled.where.join('\n  AND ')].join('\n');

/** No value of the filter appears in the Cypher: each one is a parameter. */
function expectParameterised(compiled: CompiledFilter, values: readonly string[]): void {
  const cypher = text(compiled);
  for (const value of values) expect(cypher).not.toContain(value);
  const used = new Set([...cypher.matchAll(/\$(\w+)/g)].map((match) => match[1]));
  expect([...used].sort()).toEqual(Object.keys(compiled.params).sort());
}

describe('compileActorFilter', () => {
  it('compiles nothing for no filter, and ANDs the fields of one filter', () => {
    expect(compileActorFilter(undefined, texts)).toEqual({ where: [], params: {} });
    const compiled = compileActorFilter(actorFilter({ kind: ['NGO', 'COOPERATIVE'], sse: true, countryCode: 'tn', territoryId: 'tn-kasserine' }), texts);
    expect(text(compiled)).toMatchSnapshot();
    expect(compiled.params).toEqual({ filter0: ['NGO', 'COOPERATIVE'], filter1: true, filter2: 'TN', filter3: 'tn-kasserine' });
    expectParameterised(compiled, ['tn-kasserine', 'NGO']);
  });

  it('nests AND, OR and NOT, each branch in its own parentheses', () => {
    const compiled = compileActorFilter(
      actorFilter({ OR: [{ kind: ['NGO'] }, { AND: [{ sse: true }, { NOT: { countryCode: 'FR' } }] }], NOT: { text: 'réseau' } }),
      texts,
    );
    expect(text(compiled)).toMatchSnapshot();
    expect(compiled.params).toEqual({ filter0: ['NGO'], filter1: true, filter2: 'FR', filter3: ['coorace', 'avise'] });
    expectParameterised(compiled, ['coorace', 'FR']);
  });

  it('compiles hasLink as an EXISTS subquery over the other end, with its own filter, dates and amounts', () => {
    const compiled = compileActorFilter(
      actorFilter({
        hasLink: {
          type: 'FUNDS',
          direction: Direction.OUT,
          startDate: { from: '2019', to: '2021-06' },
          amountGte: 100000,
          initiative: { territoryId: 'tn-kasserine', text: 'emploi' },
        },
      }),
      texts,
    );
    expect(text(compiled)).toMatchSnapshot();
    expect(compiled.params).toMatchObject({ filter0: '2019-01-01', filter1: '2021-06-30', filter2: 100000, filter3: 'tn-kasserine', filter4: ['i-emploi'] });
    // The start from the initiatives' side repeats the conditions with parameters of its own.
    expect(compiled.start).toContain('MATCH (m3:Initiative) MATCH (m3)<-[r2:FUNDS]-(n:Actor) WHERE');
    expectParameterised(compiled, ['2019', 'tn-kasserine', 'i-emploi']);
  });

  it('reads amounts in the stated currency only when one is given, and in euros otherwise', () => {
    const inDinars = compileActorFilter(actorFilter({ hasLink: { type: 'FUNDS', direction: Direction.IN, amountGte: 10, amountLte: 20, currency: 'TND' } }), texts);
    expect(text(inDinars)).toMatchSnapshot();
    expect(inDinars.params).toEqual({ filter0: 'TND', filter1: 10, filter2: 20 });
    const currencyOnly = compileActorFilter(actorFilter({ hasLink: { type: 'FUNDS', currency: 'TND' } }), texts);
    // No other end named: nothing to start from but the actors themselves.
    expect(currencyOnly).toEqual({ where: ['EXISTS { MATCH (n)-[r0:FUNDS]-(m1) WHERE r0.currency = $filter0 }'], params: { filter0: 'TND' } });
  });

  it('starts from the other end of a hasLink that must hold, its own or in an AND branch, and not from one under OR or NOT', () => {
    const partnerOf = { hasLink: { type: 'PARTNERS_WITH', otherId: 'coorace' } };
    expect(compileActorFilter(actorFilter({ AND: [{ sse: true }, { AND: [partnerOf] }] }), texts).start).toMatch(/^CALL \(\) \{ CALL \(\) \{ MATCH \(m\d+:Actor \{id: \$filter\d+\}\)/);
    expect(compileActorFilter(actorFilter({ OR: [partnerOf, { sse: true }] }), texts).start).toBeUndefined();
    expect(compileActorFilter(actorFilter({ NOT: partnerOf }), texts).start).toBeUndefined();
  });

  it('finds the identifier through the identifiers, and a partner link to a given actor', () => {
    const compiled = compileActorFilter(actorFilter({ identifier: 'XM-DAC-41114', hasLink: { type: 'PARTNERS_WITH', otherId: 'coorace' } }), texts);
    expect(text(compiled)).toMatchSnapshot();
    expectParameterised(compiled, ['XM-DAC-41114', 'coorace']);
  });

  it('refuses two other ends at once, an unknown type, and nesting deeper than the limit, naming the field', () => {
    expect(() => compileActorFilter(actorFilter({ hasLink: { type: 'FUNDS', actor: {}, territoryId: 'tn' } }), texts)).toThrow(
      new BadInputError('filter.hasLink', 'give at most one of actor, initiative and territoryId'),
    );
    expect(() => compileActorFilter(actorFilter({ hasLink: { type: 'FUNDS) DETACH DELETE (x' } }), texts)).toThrow(BadInputError);
    let deep: object = { sse: true };
    for (let i = 0; i < 6; i++) deep = { NOT: deep };
    expect(() => compileActorFilter(actorFilter(deep), texts)).toThrow('nests AND, OR, NOT and hasLink more than 5 deep');
    let allowed: object = { sse: true };
    for (let i = 0; i < 5; i++) allowed = { NOT: allowed };
    const [deepest] = compileActorFilter(actorFilter(allowed), texts).where;
    expect(deepest.match(/NOT coalesce\(/g)).toHaveLength(5);
  });
});

describe('compileInitiativeFilter', () => {
  it('bounds the start and end dates by the periods they name, and the budget in euros', () => {
    const compiled = compileInitiativeFilter(
      initiativeFilter({ kind: ['PROGRAMME'], startDate: { from: '2018-03' }, endDate: { to: '2022' }, amountLte: 5e6, hasLink: { type: 'LEADS', direction: Direction.IN, actor: { kind: ['NGO'] } } }),
      texts,
    );
    expect(text(compiled)).toMatchSnapshot();
    expect(compiled.params).toMatchObject({ filter0: ['PROGRAMME'], filter1: '2018-03-01', filter2: '2022-12-31', filter3: 5e6, filter4: ['NGO'] });
  });
});

describe('compileRelationshipFilter', () => {
  it("holds a link's own dates and amount, with OR and NOT among them", () => {
    const compiled = compileRelationshipFilter(
      plainToInstance(RelationshipFilter, { OR: [{ amountGte: 1e6 }, { startDate: { from: '2020' } }], NOT: { endDate: { to: '2019-06' } } }),
    );
    expect(text(compiled)).toMatchSnapshot();
    expect(compiled.params).toEqual({ filter0: 1e6, filter1: '2020-01-01', filter2: '2019-06-30' });
    expect(compileRelationshipFilter(null)).toEqual({ where: [], params: {} });
  });
});

describe('textLookups', () => {
  it('lists every full-text lookup of the tree, nested ones under their own label', () => {
    const filter = actorFilter({ text: 'réseau', OR: [{ text: 'fonds' }], hasLink: { type: 'FUNDS', initiative: { text: 'emploi', NOT: { text: 'pilote' } } } });
    expect(textLookups('Actor', filter)).toEqual([
      { label: 'Actor', text: 'réseau' },
      { label: 'Actor', text: 'fonds' },
      { label: 'Initiative', text: 'emploi' },
      { label: 'Initiative', text: 'pilote' },
    ]);
  });
});

describe('filter validation', () => {
  it('refuses an empty OR and a bad date in a range, naming the property', async () => {
    const errors = await validate(actorFilter({ OR: [] }));
    expect(errors.map((error) => error.property)).toEqual(['OR']);
    const nested = await validate(actorFilter({ hasLink: { type: 'FUNDS', amountGte: -1 } }));
    expect(JSON.stringify(nested)).toContain('amountGte');
  });
});

describe('sorting by counts', () => {
  it('counts distinct partners and received FUNDS links, ties by id', () => {
    const order = nodeOrder([{ field: NodeSortField.PARTNER_COUNT, direction: SortDirection.DESC }, { field: NodeSortField.FUNDING_RECEIVED_COUNT, direction: SortDirection.ASC }], null);
    expect(order?.keys).toEqual([
      { expression: 'COUNT { MATCH (n)-[:PARTNERS_WITH]-(partner:Actor) RETURN DISTINCT partner }', descending: true },
      { expression: 'COUNT { (n)<-[:FUNDS]-() }', descending: false },
    ]);
    expect(order?.signature).toBe('PARTNER_COUNT:DESC,FUNDING_RECEIVED_COUNT:ASC');
  });
});
