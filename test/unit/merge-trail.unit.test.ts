import type { StoredAuditEntry } from '../../src/audit/audit.repository';
import { counterpartOf, mergeTrailOf, sameValue } from '../../src/merges/merge.trail';

function entry(overrides: Partial<StoredAuditEntry>): StoredAuditEntry {
  return { id: 'e1', targetId: 'keep', operation: 'mergeActors', by: 'editor', at: '2025-01-01T00:00:00.000Z', changedFields: [], before: null, after: null, ...overrides };
}

const kept = entry({
  id: 'kept-entry',
  targetId: 'keep',
  changedFields: ['aliases', 'aliasesText', 'acronym', 'relationships', 'identifiers'],
  before: { id: 'keep', name: 'Keep', aliases: ['K'], aliasesText: 'K', mergedFrom: 'dup' },
  after: {
    id: 'keep', name: 'Keep', aliases: ['K', 'Dup'], aliasesText: 'K | Dup', acronym: 'D',
    movedRelationships: 2,
    movedLinks: [{ id: 'l1', type: 'PARTNERS_WITH', end: 'from' }, { id: 'l2', type: 'FUNDS', end: 'to' }],
    droppedLinks: [{ id: 'l3', type: 'MEMBER_OF', fromId: 'dup', toId: 'keep', props: { id: 'l3', sourceIds: ['s'] } }],
    reassignedReports: ['l2'],
    movedIdentifiers: ['WIKIDATA:Q1'],
  },
});
const merged = entry({
  id: 'merged-entry',
  targetId: 'dup',
  changedFields: ['deleted'],
  before: { id: 'dup', name: 'Dup', acronym: 'D', identifiers: ['WIKIDATA:Q1'] },
  after: { mergedInto: 'keep' },
});

describe('a merge read back from its audit entries', () => {
  it('pairs each actor’s entry with the other one’s', () => {
    expect(counterpartOf(kept)).toEqual({ keptSide: true, targetId: 'dup' });
    expect(counterpartOf(merged)).toEqual({ keptSide: false, targetId: 'keep' });
    expect(() => counterpartOf(entry({ operation: 'upsertActor' }))).toThrow(/records upsertActor, not a merge/);
  });

  it('gives what undo needs: the merged actor’s own properties, the kept actor’s changes, the moves', () => {
    expect(mergeTrailOf(kept, merged)).toEqual({
      entryId: 'kept-entry',
      keepId: 'keep',
      mergeId: 'dup',
      mergedActor: { id: 'dup', name: 'Dup', acronym: 'D' },
      keptChanges: [
        { key: 'aliases', before: ['K'], after: ['K', 'Dup'] },
        { key: 'aliasesText', before: 'K', after: 'K | Dup' },
        { key: 'acronym', before: null, after: 'D' },
      ],
      movedLinks: kept.after!.movedLinks,
      droppedLinks: kept.after!.droppedLinks,
      reassignedReports: ['l2'],
      movedIdentifiers: ['WIKIDATA:Q1'],
    });
  });

  it('refuses merges recorded before they kept what undo needs, and links that moved without an id', () => {
    const older = entry({ ...kept, after: { ...kept.after, movedLinks: undefined, droppedLinks: undefined, reassignedReports: undefined } });
    expect(() => mergeTrailOf(older, merged)).toThrow(/recorded without the moved links/);
    const unknownType = entry({ ...kept, after: { ...kept.after, movedLinks: [{ id: 'l1', type: 'KNOWS) DETACH DELETE (x', end: 'from' }] } });
    expect(() => mergeTrailOf(unknownType, merged)).toThrow(/recorded without/);
    const withoutIds = entry({ ...kept, after: { ...kept.after, movedRelationships: 3 } });
    expect(() => mergeTrailOf(withoutIds, merged)).toThrow(/1 of the links this merge moved have no id/);
  });

  it('compares stored values by content', () => {
    expect(sameValue(['a', 'b'], ['a', 'b'])).toBe(true);
    expect(sameValue(['a', 'b'], ['b', 'a'])).toBe(false);
    expect(sameValue(undefined, null)).toBe(true);
  });
});
