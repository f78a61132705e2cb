/**
 * Clean names: the names and aliases of actors, initiatives and territories are stored without
 * markup, with entities decoded and whitespace collapsed, whichever importer or mutation brought
 * them. Publishers leave HTML in IATI narratives ("Handicap International UK <i> (Atlas
 * Logistique) </i>"), spreadsheets carry `&amp;` and line breaks.
 *
 * A name is one line of text, never a document, so a pattern for tags plus a short entity table
 * does the job: an HTML parser (and a dependency) would only be needed to keep structure, and
 * nothing here keeps any. Tags are removed before entities are decoded, so text that was escaped
 * on purpose (`&lt;i&gt;`) stays text.
 */

export const NAME_INPUT_DESCRIPTION = 'Stored without markup, entities decoded, whitespace collapsed; as given in originalName when that changed it';
export const ORIGINAL_NAME_DESCRIPTION = 'The name as the source gave it, when cleaning changed it';

/** A start or end tag such as <i>, </b> or <br/>. */
const TAG = /<\/?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]*)?\/?>/g;
const ANY_TAG = new RegExp(TAG.source);

/** Tags that separate words; any other (i, b, em, span, a...) sits inside a word as often as between two. */
const BREAKING_TAG = /^<\/?(?:br|p|div|li|ul|ol|tr|td|th|h[1-6])\b/i;

const NAMED_ENTITIES: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
};

const ENTITY = /&(?:#(\d{1,7})|#[xX]([0-9A-Fa-f]{1,6})|([A-Za-z]+));/g;

export function hasMarkup(text: string | undefined | null): boolean {
  return typeof text === 'string' && ANY_TAG.test(text);
}

function decodeEntities(text: string): string {
  return text.replace(ENTITY, (entity, decimal: string | undefined, hex: string | undefined, name: string | undefined) => {
    if (name !== undefined) return NAMED_ENTITIES[name] ?? entity;
    const code = decimal !== undefined ? Number.parseInt(decimal, 10) : Number.parseInt(hex!, 16);
    const isCharacter = code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff);
    return isCharacter ? String.fromCodePoint(code) : entity;
  });
}

/** The name as it is stored: no tags, entities decoded (&amp; &lt; &gt; &quot; &#39; &nbsp; and numeric ones), one space between words. */
export function cleanName(text: string): string {
  const withoutTags = text.replace(TAG, (tag) => (BREAKING_TAG.test(tag) ? ' ' : ''));
  return decodeEntities(withoutTags).replace(/\s+/g, ' ').trim();
}

/**
 * Cleans `name` and `aliases` among properties about to be stored. `originalName` keeps the name
 * as given when cleaning changed it, and is removed when a clean name is given; a write without a
 * name leaves both alone. Aliases are cleaned without keeping their originals: the name is what
 * says where the record came from.
 */
export function withCleanNames(props: Record<string, unknown>): Record<string, unknown> {
  const out = { ...props };
  if (typeof props.name === 'string') {
    const cleaned = cleanName(props.name);
    out.name = cleaned;
    out.originalName = cleaned === props.name ? null : props.name;
  }
  if (Array.isArray(props.aliases)) {
    out.aliases = [...new Set(props.aliases.map((alias) => cleanName(String(alias))).filter((alias) => alias !== ''))];
  }
  return out;
}
