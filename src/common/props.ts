import { attributesOf } from './free-attributes';

/**
 * Turns a validated input into the properties to store: undefined fields are left out (they
 * stay as they are), null fields are kept (they remove the property).
 */
export function definedProps(input: object, omit: readonly string[] = []): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(input).filter(([key, value]) => value !== undefined && !omit.includes(key)),
  );
}

/** Aliases are also stored joined, because the full-text index reads string properties. */
export function withAliasesText(props: Record<string, unknown>): Record<string, unknown> {
  if (!('aliases' in props)) return props;
  const aliases = (props.aliases as string[] | null) ?? [];
  return { ...props, aliases, aliasesText: aliases.join(' | ') };
}

export function str(value: unknown): string | null {
  return value === null || value === undefined ? null : String(value);
}

export function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.map(String) : [];
}

/** What every graph node (Actor, Initiative, Territory) stores the same way. */
export function graphNodeFields<L extends string>(nodeLabel: L, props: Record<string, unknown>) {
  return {
    nodeLabel,
    id: String(props.id),
    name: String(props.name),
    originalName: str(props.originalName),
    aliases: strings(props.aliases),
    sourceIds: strings(props.sourceIds),
    tags: strings(props.tags),
    attributes: attributesOf(props.attributes),
    createdAt: String(props.createdAt),
    updatedAt: String(props.updatedAt),
  };
}
