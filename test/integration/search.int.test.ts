import { openTestDatabase, TestDatabase } from '../support/database';

describe('full-text search on the seed data', () => {
  let test: TestDatabase;
  beforeAll(async () => {
    test = await openTestDatabase();
  });
  afterAll(async () => test.close());

  const ids = async (text: string) => (await test.services.search.search(text, 20)).map((row) => String(row.props.id));

  it('finds accented names without accents and in any case', async () => {
    expect(await ids('pole sud archer')).toContain('pole-sud-archer');
    expect(await ids('PÔLE SUD')).toContain('pole-sud-archer');
  });

  it('finds actors by alias and acronym', async () => {
    // Other test files add "PNUD" nodes of their own meanwhile, so only membership is stable.
    expect(await ids('pnud')).toContain('undp');
    expect(await ids('UNDP')).toContain('undp');
  });

  it('finds territories and initiatives', async () => {
    expect(await ids('Tarija')).toEqual(expect.arrayContaining(['departement-tarija', 'gouvernorat-tarija']));
    expect(await ids('ecocuenca')).toContain('ecocuenca');
  });

  it('treats Lucene syntax in the text as plain words', async () => {
    await expect(test.services.search.search('*:* OR ) AND " \\', 10)).resolves.toBeDefined();
    expect(await ids('"')).toEqual([]);
  });

  it('filters actor lists by text, kind, scale, country and territory (with descendants)', async () => {
    const byText = await test.services.actors.list({ text: 'guilde' }, 10, undefined);
    expect(byText.items.map((a) => a.id)).toEqual(['la-guilde']);
    const inPeru = await test.services.actors.list({ territoryId: 'peru' }, 50, undefined);
    expect(inPeru.items.map((a) => a.id)).toEqual(expect.arrayContaining(['cedep-ayllu']));
    const ngos = await test.services.actors.list({ kind: ['ESS_NETWORK' as never] }, 50, undefined);
    expect(ngos.items.map((a) => a.id)).toEqual(expect.arrayContaining(['coorace']));
    expect(ngos.items.every((a) => a.kind === 'ESS_NETWORK')).toBe(true);
    expect(ngos.totalCount).toBe(ngos.items.length);
  });
});
