import { createHash } from 'node:crypto';
import { ID_PATTERN } from '../../common/validation';

export function shortHash(value: string): string {
  return createHash('sha1').update(value).digest('hex').slice(0, 16);
}

/** Keeps a valid node id as it is; otherwise replaces what the id pattern refuses and caps the length. */
export function toNodeId(raw: string): string {
  const trimmed = raw.trim();
  if (ID_PATTERN.test(trimmed)) return trimmed;
  let id = trimmed.replace(/[^A-Za-z0-9._:-]+/g, '-').replace(/^[^A-Za-z0-9]+/, '');
  if (id.length > 200) id = `${id.slice(0, 183)}-${shortHash(trimmed)}`;
  return id || `id-${shortHash(trimmed)}`;
}

export function slug(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 120);
}

/** Moved beside the other identifier rules; re-exported for the IATI reader's older imports. */
export { isIatiOrgIdentifier } from '../../actors/identifiers';
