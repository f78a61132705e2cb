import type { AppContext } from '../server/context';
import type { Source } from '../sources/source.type';

/** Resolves a list of source ids through the request's DataLoader, dropping unknown ids. */
export async function loadSources(ctx: AppContext, sourceIds: readonly string[]): Promise<Source[]> {
  const sources = await ctx.loaders.source.loadMany(sourceIds);
  return sources.filter((source): source is Source => source !== null && !(source instanceof Error));
}
