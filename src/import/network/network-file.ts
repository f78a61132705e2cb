/**
 * A network file as the tool that wrote it meant it, before any mapping onto this project's model:
 * elements (Kumu) or nodes (Gephi, GraphML), and connections (Kumu) or edges. Every reader of
 * src/import/network/readers/ produces this; network-rows.mapper.ts alone turns it into import rows,
 * so Kumu's, Gephi's and our own files all follow one set of rules.
 */

/** A value a cell or an attribute can hold once read; lists come from Kumu's "a|b" cells and GEXF list types. */
export type AttributeValue = string | number | boolean | string[] | number[] | boolean[];

/** Where an element or a connection was read, for error reports: the file and a line, a sheet cell or a JSON pointer. */
export interface FileLocation {
  /** The file's base name, as the user gave it. */
  file: string;
  /** "line 12", "sheet Elements, row 3", "/elements/4", "node 63", "edge 12"... */
  location: string;
}

export interface NetworkElement extends FileLocation {
  /** The file's own id for it (Kumu's ID column or _id, Gephi's Id, a GEXF/GraphML node id); absent when the file has none. */
  id?: string;
  /** The display name: Kumu's Label, Gephi's Label, GEXF's label, a GraphML "label" or "name" key; absent when the file gives none. */
  label?: string;
  /** The file's own type for it (Kumu's Type or Element Type, a "type" attribute); absent when it gives none. */
  type?: string;
  /** Tags, when the file has a Tags column or attribute. */
  tags?: string[];
  /** Every other column or attribute, under the file's own name for it (header text, GEXF attribute title, GraphML attr.name). */
  attributes: Record<string, AttributeValue>;
}

export type ConnectionDirection = 'directed' | 'undirected' | 'mutual';

export interface NetworkConnection extends FileLocation {
  id?: string;
  /** The element it starts at: an element id when `by` is 'id', a label when it is 'label'. */
  from: string;
  to: string;
  /** How from and to name elements: Kumu's CSV names them by label unless the elements have an ID column. */
  by: 'id' | 'label';
  /** Kumu's Type or Connection Type, a Gephi edge Label used as a type, a GEXF/GraphML "type" attribute. */
  type?: string;
  /** Absent when the file says nothing, which means directed (Kumu's and Gephi's default). */
  direction?: ConnectionDirection;
  tags?: string[];
  attributes: Record<string, AttributeValue>;
}

/** A defect of the file that is reported but does not stop the import (same shape as a row problem). */
export interface FileNote extends FileLocation {
  field: string;
  reason: string;
}

export interface NetworkFile {
  /** The file's base name. */
  file: string;
  /** Which reader understood it, for reports: 'kumu-xlsx', 'kumu-json', 'kumu-csv', 'gephi-csv', 'gexf', 'graphml', 'cytoscape'. */
  format: NetworkFormat;
  elements: NetworkElement[];
  connections: NetworkConnection[];
  /**
   * True when connections may name ends that no element of the files has, and those ends are to be
   * created (Gephi's spreadsheet importer does so for an edges table alone); Kumu's files are refused instead.
   */
  createsMissingEnds: boolean;
  /** Rows the reader could not read at all (a broken CSV record); each blocks the import like a bad row. */
  problems: FileNote[];
  /** Defects it read through (a repeated label, an element without label). */
  warnings: FileNote[];
}

export type NetworkFormat = 'kumu-xlsx' | 'kumu-json' | 'kumu-csv' | 'gephi-csv' | 'gexf' | 'graphml' | 'cytoscape';

/**
 * A file that cannot be read at all (not XML, a damaged workbook, no Elements sheet): the import
 * stops before writing anything. `location` says where, as precisely as the reader can.
 */
export class NetworkFileError extends Error {
  constructor(
    readonly file: string,
    readonly location: string,
    readonly reason: string,
  ) {
    super(`${file}${location ? ` (${location})` : ''}: ${reason}`);
    this.name = 'NetworkFileError';
  }
}
