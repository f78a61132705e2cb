import type { RowProblem, Section } from '../import.document';
import type { RawRow } from '../import.validator';
import { convertCell, Target } from './cells';
import { EDGE_COLUMNS } from './edge-columns';
import { normaliseHeader } from './headers';
import { LABEL_SECTION, LABELS, nodeColumn } from './node-columns';

export interface RecordContext {
  file: string;
  location: string;
}

/**
 * Builds one input object from a record. Returns a problem instead when the row cannot be given
 * to the validator at all (no label, unknown label, two columns giving one field different values).
 */
export function nodeRow(headers: readonly string[], cells: readonly string[], at: RecordContext): RawRow | RowProblem {
  const labelIndex = headers.findIndex((header) => normaliseHeader(header) === 'label');
  const rawLabel = labelIndex >= 0 ? (cells[labelIndex] ?? '').trim() : '';
  const label = LABELS[rawLabel.toLowerCase()];
  if (!label) {
    const reason = rawLabel
      ? `"${rawLabel}" is not one of Actor, Initiative, Territory, Source`
      : labelIndex < 0
        ? 'the file has no Label column (Actor, Initiative, Territory or Source)'
        : 'is empty; must be one of Actor, Initiative, Territory, Source';
    return { ...at, field: 'Label', reason };
  }
  return buildRow(LABEL_SECTION[label], headers, cells, at, (key) => (key === 'label' ? 'skip' : nodeColumn(label, key)));
}

export function edgeRow(headers: readonly string[], cells: readonly string[], at: RecordContext): RawRow | RowProblem {
  const row = buildRow('relationships', headers, cells, at, (key) => EDGE_COLUMNS[key]);
  // An empty Source IDs cell is an empty list, so the report says "must name at least one source".
  if ('value' in row) (row.value as Record<string, unknown>).sourceIds ??= [];
  return row;
}

function buildRow(
  section: Section,
  headers: readonly string[],
  cells: readonly string[],
  at: RecordContext,
  columnOf: (key: string) => Target | 'skip' | undefined,
): RawRow | RowProblem {
  if (cells.length > headers.length && cells.slice(headers.length).some((cell) => cell.trim() !== '')) {
    return { ...at, section, field: '', reason: `has ${cells.length} cells, but the header has ${headers.length} columns` };
  }
  const value: Record<string, unknown> = {};
  const setBy = new Map<string, string>();
  for (let i = 0; i < headers.length; i++) {
    const cell = (cells[i] ?? '').trim();
    if (cell === '') continue;
    const header = headers[i];
    const column = columnOf(normaliseHeader(header));
    if (column === 'skip') continue;
    // An unknown column goes on under its own header, so that the validator refuses it instead of the data being dropped.
    const target = column ?? { path: [header.trim()], convert: 'text' as const };
    const converted = convertCell(cell, target.convert);
    const key = target.path.join('.');
    const earlier = setBy.get(key);
    if (earlier !== undefined) {
      const previous = getPath(value, target.path);
      if (JSON.stringify(previous) !== JSON.stringify(converted)) {
        return { ...at, section, field: header, reason: `gives ${key} a different value than column "${earlier}"` };
      }
      continue;
    }
    setBy.set(key, header);
    setPath(value, target.path, converted);
  }
  return { section, value, ...at };
}

function setPath(target: Record<string, unknown>, pathParts: readonly string[], value: unknown): void {
  let node = target;
  for (const part of pathParts.slice(0, -1)) {
    if (typeof node[part] !== 'object' || node[part] === null) node[part] = {};
    node = node[part] as Record<string, unknown>;
  }
  node[pathParts[pathParts.length - 1]] = value;
}

function getPath(target: Record<string, unknown>, pathParts: readonly string[]): unknown {
  let node: unknown = target;
  for (const part of pathParts) node = (node as Record<string, unknown> | undefined)?.[part];
  return node;
}
