/**
 * fast-xml-parser options under which a document parsed and built again comes back as written:
 * in order, with attribute values and entities untouched. For code that changes a few elements
 * of an XML document and must leave the text of every other value as it found it.
 */
export const ORDERED_XML = {
  ignoreAttributes: false,
  preserveOrder: true,
  attributeNamePrefix: '@_',
  parseAttributeValue: false,
  parseTagValue: false,
  processEntities: false,
} as const;

/** An element as ORDERED_XML parses it: its children under its tag, its attributes under ':@'. */
export type OrderedXmlNode = Record<string, unknown> & { ':@'?: Record<string, string> };
