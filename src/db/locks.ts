/**
 * Takes `variable`'s write lock before the rest of the statement reads it: a throwaway property
 * written and removed, the idiom of the operations manual ("Concurrent data access", lost
 * updates). Neo4j reads committed data without locks, so a check such as `WHERE j.state IN
 * $live` or `WHERE m.version = $expected` followed by a SET lets a write that commits in
 * between be overwritten by that SET. Once the lock is held, what the statement reads is the
 * last committed state, and no other write can change it before this transaction ends.
 */
export function lockFirst(variable: string): string {
  return `SET ${variable}._locked = true REMOVE ${variable}._locked WITH ${variable}`;
}
