import type { Tx } from '../db/database';
import type { SearchService } from '../search/search.service';
import type { ActorFilter } from '../actors/actor.input';
import type { InitiativeFilter } from '../initiatives/initiative.input';
import { CompiledFilter, compileActorFilter, compileInitiativeFilter, FilteredLabel, TextLookup, textLookups, TextMatches } from './node-filter.query';

/**
 * Compiles list filters in the caller's read transaction: first the full-text lookups every
 * `text` in the tree needs (each distinct one once), then the predicate.
 */
export class FilterService {
  constructor(private readonly search: SearchService) {}

  async actorFilter(tx: Tx, filter: ActorFilter | undefined | null): Promise<CompiledFilter> {
    return compileActorFilter(filter, await this.textMatches(tx, textLookups('Actor', filter)));
  }

  async initiativeFilter(tx: Tx, filter: InitiativeFilter | undefined | null): Promise<CompiledFilter> {
    return compileInitiativeFilter(filter, await this.textMatches(tx, textLookups('Initiative', filter)));
  }

  private async textMatches(tx: Tx, lookups: readonly TextLookup[]): Promise<TextMatches> {
    const key = (label: FilteredLabel, text: string) => `${label}\u0000${text}`;
    const found = new Map<string, readonly string[]>();
    for (const { label, text } of lookups) {
      if (!found.has(key(label, text))) found.set(key(label, text), await this.search.matchingIds(tx, text, label));
    }
    return { idsOf: (label, text) => found.get(key(label, text)) ?? [] };
  }
}
