import { RELATIONSHIP_TYPES, RelationshipTypeName } from '../../relationships/relationship-kinds';
import { AnnotationInfo, ColorBy, MapInfo, MetricName, ViewName, ViewNetwork } from './types';

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
  /**
   * The map being edited: what "Save map" writes to (null: a new map). It stays while the user
   * explores elsewhere, so that the view built there can be saved into it.
   */
  map: null as MapInfo | null,
  /** True while the drawing on screen is the map itself, not an ego network or the overview. */
  mapShown: false,
  /** The annotations of the view on screen, saved with the map. */
  annotations: [] as AnnotationInfo[],
  /** The community the overview is drawn for (GET /overview?community=), null for the whole graph. */
  community: null as number | null,
  /** The graph has more nodes than the page lays out itself (null until asked): views around a node offer the way back to the overview. */
  largeGraph: null as boolean | null,
  /** Links among the map's nodes added or ended since it was saved: drawn highlighted. */
  changedLinks: new Set<string>(),
};

/** /explorer/embed/ID is the read-only embed; everything else is the full explorer. */
export function embedMapIdFromPath(): string | null {
  const match = /\/explorer\/embed\/([^/?#]+)\/?$/.exec(location.pathname);
  return match ? decodeURIComponent(match[1]) : null;
}

export function mapIdFromUrl(): string | null {
  return new URL(location.href).searchParams.get('map');
}

/** The address bar names the map on screen (and no centre node), so that it can be bookmarked and shared. */
export function rememberMapInUrl(id: string | null): void {
  const url = new URL(location.href);
  if (id) {
    url.searchParams.set('map', id);
    url.searchParams.delete('id');
  } else {
    url.searchParams.delete('map');
  }
  history.replaceState(null, '', url);
}

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
  url.searchParams.delete('map');
  history.replaceState(null, '', url);
}

/** Back to the whole graph: the address names no centre node any more. */
export function forgetCentreInUrl(): void {
  const url = new URL(location.href);
  url.searchParams.delete('id');
  history.replaceState(null, '', url);
}
