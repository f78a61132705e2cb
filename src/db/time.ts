import { asOfBounds } from '../common/partial-date';

/**
 * Cypher predicate for "active during $asOf" on an entity stored with periodProps: its period
 * overlaps the period asOf names. `x` is a Cypher variable name chosen by the repository.
 */
export function activeDuring(x: string): string {
  return `($asOfFirst IS NULL OR ((${x}.startFirst IS NULL OR ${x}.startFirst <= $asOfLast) AND (${x}.endLast IS NULL OR ${x}.endLast >= $asOfFirst)))`;
}

export function asOfParams(asOf: string | null | undefined): { asOfFirst: string | null; asOfLast: string | null } {
  return asOfBounds(asOf) ?? { asOfFirst: null, asOfLast: null };
}
