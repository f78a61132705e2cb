import { asOfBounds, endNotBeforeStart, parsePartialDate } from '../../src/common/partial-date';
import { searchTokens, toLuceneQuery } from '../../src/search/lucene';
import { decodeCursor, encodeCursor } from '../../src/common/connection';

describe('partial dates', () => {
  it('turns each precision into the period it covers', () => {
    expect(parsePartialDate('2013')).toEqual({ value: '2013', first: '2013-01-01', last: '2013-12-31' });
    expect(parsePartialDate('2024-02')).toEqual({ value: '2024-02', first: '2024-02-01', last: '2024-02-29' });
    expect(parsePartialDate('2021-05-31')).toEqual({ value: '2021-05-31', first: '2021-05-31', last: '2021-05-31' });
  });

  it.each(['2013-13', '2013-02-30', '13', '2013/05', '2013-5', '', '2013-05-01T00:00'])('refuses %p', (value) => {
    expect(parsePartialDate(value)).toBeNull();
  });

  it('compares across precisions', () => {
    expect(endNotBeforeStart('2013', '2013')).toBe(true);
    expect(endNotBeforeStart('2013-05', '2013')).toBe(true);
    expect(endNotBeforeStart('2014', '2013-12-31')).toBe(false);
    expect(asOfBounds('2014')).toEqual({ asOfFirst: '2014-01-01', asOfLast: '2014-12-31' });
  });
});

describe('full-text query building', () => {
  it('folds accents and case and drops Lucene syntax', () => {
    expect(toLuceneQuery('Pôle Sud Archer')).toContain('name:((pole OR pole*) AND (sud OR sud*) AND (archer OR archer*))');
    expect(searchTokens('a" OR *:* ) AND (b~')).toEqual(['a', 'or', 'and', 'b']);
    expect(toLuceneQuery('  ')).toBeNull();
  });
});

describe('cursors', () => {
  it('round-trips and refuses forged cursors', () => {
    expect(decodeCursor(encodeCursor('undp'))).toBe('undp');
    expect(() => decodeCursor('not-a-cursor')).toThrow(/cursor/);
  });
});
