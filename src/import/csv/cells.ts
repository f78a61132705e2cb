export type Converter = 'text' | 'list' | 'number' | 'boolean' | 'type';

/** A target path in the input object (e.g. ["budget", "amount"]) and how to convert the cell. */
export interface Target {
  path: string[];
  convert: Converter;
}

export const text = (...path: string[]): Target => ({ path, convert: 'text' });
export const list = (...path: string[]): Target => ({ path, convert: 'list' });
export const num = (...path: string[]): Target => ({ path, convert: 'number' });
export const bool = (...path: string[]): Target => ({ path, convert: 'boolean' });

const TRUE_WORDS = new Set(['true', 'yes', 'y', '1', 'oui', 'vrai', 'x']);
const FALSE_WORDS = new Set(['false', 'no', 'n', '0', 'non', 'faux']);

export function convertCell(value: string, convert: Converter): unknown {
  switch (convert) {
    case 'text':
      return value;
    case 'list':
      return value
        .split('|')
        .map((item) => item.trim())
        .filter((item) => item.length > 0);
    case 'number': {
      const compact = value.replace(/[\s\u00a0_]/g, '');
      return /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(compact) ? Number(compact) : value;
    }
    case 'boolean': {
      const word = value.toLowerCase();
      if (TRUE_WORDS.has(word)) return true;
      if (FALSE_WORDS.has(word)) return false;
      return value;
    }
    case 'type':
      return value.trim().toUpperCase().replace(/[\s-]+/g, '_');
  }
}
