import type { ReadAheadPlanner } from './read-ahead';
import { LinksReadAhead } from '../relationships/relationship-fields';
import { planNeighbours } from './neighbour-fields';
import { planSources } from './sources-field';

/** What the actors and initiatives lists read ahead under their nodes: links, neighbour lists and sources. */
export const NODE_LIST_READ_AHEAD: readonly ReadAheadPlanner[] = [LinksReadAhead.plan, planNeighbours, planSources];
