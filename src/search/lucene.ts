/**
 * Builds a Lucene query for Neo4j's full-text index from free text. Every user character that
 * Lucene treats as syntax is dropped, so the text can never change the query's structure.
 * Accents are folded here too, because Lucene does not analyse wildcard terms.
 */
export function searchTokens(text: string): string[] {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((token) => token.length > 0)
    .slice(0, 12);
}

/** An acronym or alias that matches outranks a name that merely contains the word. */
const FIELD_BOOSTS: [string, number][] = [
  ['acronym', 4],
  ['aliasesText', 2],
  ['name', 1],
];

export function toLuceneQuery(text: string): string | null {
  const tokens = searchTokens(text);
  if (tokens.length === 0) return null;
  const terms = tokens.map((token) => `(${token} OR ${token}*)`).join(' AND ');
  return FIELD_BOOSTS.map(([field, boost]) => `${field}:(${terms})^${boost}`).join(' OR ');
}
