/**
 * Builds a Lucene query for Neo4j's full-text index from free text. Every user character that
 * Lucene treats as syntax is dropped, so the text can never change the query's structure.
 * Accents are folded here too, because Lucene does not analyse wildcard terms.
 */
export function toLuceneQuery(text: string): string | null {
  const tokens = text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((token) => token.length > 0)
    .slice(0, 12);
  if (tokens.length === 0) return null;
  return tokens.map((token) => `(${token} OR ${token}*)`).join(' AND ');
}
