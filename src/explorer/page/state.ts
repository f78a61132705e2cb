import { RELATIONSHIP_TYPES, RelationshipTypeName } from '../../relationships/relationship-kinds';
import { ColorBy, MetricName, ViewName, ViewNetwork } from './types';

export const state = {
  centre: null as { id: string; label: string } | null,
  radius: 2,
  types: new Set<RelationshipTypeName>(RELATIONSHIP_TYPES),
  asOf: null as string | null,
  sizeBy: 'betweenness' as MetricName,
  colorBy: 'kind' as ColorBy,
  view: 'graph' as ViewName,
  network: null as ViewNetwork | null,
  selected: null as string | null,
};

/** null when every type is ticked, so that the API applies no filter at all. */
export function selectedTypes(): RelationshipTypeName[] | null {
  return state.types.size === RELATIONSHIP_TYPES.length ? null : [...state.types];
}

export function centreIdFromUrl(): string | null {
  return new URL(location.href).searchParams.get('id');
}

/** The address bar names the centre node so that the view can be bookmarked and shared. */
export function rememberCentreInUrl(id: string): void {
  const url = new URL(location.href);
  url.searchParams.set('id', id);
  history.replaceState(null, '', url);
}
