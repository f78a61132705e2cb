import { XMLParser } from 'fast-xml-parser';

export type XmlNode = Record<string, unknown>;

export const xmlParser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  // The start offsets give each row its line for error reports.
  captureMetaData: true,
  processEntities: true,
  htmlEntities: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
});
const META = XMLParser.getMetaDataSymbol() as unknown as symbol;

/** An element that occurs once parses to a value and several times to an array; this gives an array either way. */
export function arr(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

export function attr(node: unknown, name: string): string | undefined {
  if (typeof node !== 'object' || node === null) return undefined;
  const value = (node as XmlNode)[`@${name}`];
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

export function textOf(node: unknown): string | undefined {
  if (typeof node === 'string') return node.trim() || undefined;
  if (typeof node === 'number') return String(node);
  if (typeof node === 'object' && node !== null) {
    const value = (node as XmlNode)['#text'];
    if (typeof value === 'string' || typeof value === 'number') return String(value).trim() || undefined;
  }
  return undefined;
}

/** The narrative in the activity's language (or with no language), else the first one. */
export function narrative(node: unknown, lang: string | undefined): string | undefined {
  if (typeof node !== 'object' || node === null) return textOf(node);
  const narratives = arr((node as XmlNode).narrative);
  if (narratives.length === 0) return textOf(node);
  const preferred = narratives.find((n) => {
    const own = attr(n, 'xml:lang');
    return own === undefined || own === lang;
  });
  return textOf(preferred ?? narratives[0]) ?? narratives.map(textOf).find(Boolean);
}

export class LineIndex {
  private readonly breaks: number[] = [];

  constructor(text: string) {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.breaks.push(i);
  }

  lineOf(node: unknown, fallback: number): number {
    const meta = typeof node === 'object' && node !== null ? ((node as Record<symbol, { startIndex?: number }>)[META] ?? null) : null;
    const offset = meta?.startIndex;
    if (offset === undefined) return fallback;
    let low = 0;
    let high = this.breaks.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (this.breaks[mid] < offset) low = mid + 1;
      else high = mid;
    }
    return low + 1;
  }
}
