import { RelationshipTypeName } from '../../relationships/relationship-kinds';

/** Colour, thickness and drawing program per link type: arrows where direction matters. */
export const EDGE_STYLES: Record<RelationshipTypeName, { color: string; size: number; program: 'arrow' | 'line' | 'both' }> = {
  PARTNERS_WITH: { color: '#1f77b4', size: 2, program: 'both' },
  FUNDS: { color: '#2ca02c', size: 3.5, program: 'arrow' },
  SUPPORTS: { color: '#17becf', size: 2, program: 'arrow' },
  LEADS: { color: '#ff7f0e', size: 2.5, program: 'arrow' },
  PARTICIPATES_IN: { color: '#bcbd22', size: 1.5, program: 'arrow' },
  MEMBER_OF: { color: '#9467bd', size: 2, program: 'arrow' },
  COORDINATES: { color: '#8c564b', size: 2, program: 'arrow' },
  ARTICULATES: { color: '#e377c2', size: 2, program: 'arrow' },
  PART_OF: { color: '#7f7f7f', size: 1, program: 'line' },
  ACTS_IN: { color: '#c7c7c7', size: 1, program: 'line' },
  SUCCEEDED_BY: { color: '#393b79', size: 1.5, program: 'arrow' },
  RELATED_TO: { color: '#aa8844', size: 1.5, program: 'arrow' },
};

/** A link stored with its own direction (Kumu's) is drawn as it reads: no arrow, or both. */
export function edgeProgram(type: RelationshipTypeName, properties: Record<string, unknown>): 'arrow' | 'line' | 'both' {
  if (properties.direction === 'UNDIRECTED') return 'line';
  if (properties.direction === 'MUTUAL') return 'both';
  return EDGE_STYLES[type].program;
}

export const PALETTE = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac', '#86bcb6', '#d37295', '#a0cbe8', '#ffbe7d'];
export const TYPE_COLORS: Record<string, string> = { Actor: '#4e79a7', Initiative: '#f28e2b', Territory: '#59a14f' };
