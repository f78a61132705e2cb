/**
 * Renames every parameter of a Cypher fragment with a prefix, so that fragments written on their
 * own (a node's page of links, with its own `$limit` and `$afterId`) can be composed into one
 * statement beside others that use the same names. Every parameter the fragment names must be in
 * `params`: one left out would silently take the outer statement's value of the same name. The
 * fragments are the project's own constant Cypher, with no `$` inside a string literal.
 */
export function scopeParameters(prefix: string, part: { cypher: string; params: Record<string, unknown> }): { cypher: string; params: Record<string, unknown> } {
  if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(prefix)) throw new Error(`not a parameter prefix: ${prefix}`);
  const cypher = part.cypher.replace(/\$([A-Za-z_][A-Za-z0-9_]*)/g, (_whole, name: string) => {
    if (!Object.prototype.hasOwnProperty.call(part.params, name)) throw new Error(`the fragment uses $${name} but gives it no value`);
    return `$${prefix}${name}`;
  });
  const params = Object.fromEntries(Object.entries(part.params).map(([name, value]) => [`${prefix}${name}`, value]));
  return { cypher, params };
}
