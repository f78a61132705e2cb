import { bracketNesting, maxBracketNesting, nestingViolation, requestNestingViolation } from '../../src/server/limits';

describe('bracket nesting of a GraphQL document, counted before parsing', () => {
  it('counts selection sets, arguments, input objects and lists', () => {
    expect(bracketNesting('{ a }')).toBe(1);
    expect(bracketNesting('{ a(x: { y: [1, [2]] }) { b } }')).toBe(5);
    expect(bracketNesting('query ($v: [[Int]]) { a }')).toBe(3);
  });

  it('skips brackets in strings, block strings, escapes and comments', () => {
    expect(bracketNesting('{ a(x: "{{{[[[(((") }')).toBe(2);
    expect(bracketNesting('{ a(x: "\\"{{{") }')).toBe(2);
    expect(bracketNesting('{ a(x: """ {{{ \\""" {{{ """) }')).toBe(2);
    expect(bracketNesting('# {{{{{{\n{ a }')).toBe(1);
  });

  it('refuses past 4 brackets per allowed field level plus 64, and names the limit and the measure', () => {
    const limits = { maxDepth: 12 };
    expect(maxBracketNesting(limits)).toBe(112);
    expect(nestingViolation(`${'{ a '.repeat(112)}${'}'.repeat(112)}`, limits)).toBeNull();
    const refused = nestingViolation(`${'{ a '.repeat(113)}${'}'.repeat(113)}`, limits);
    expect(refused?.extensions).toMatchObject({ code: 'QUERY_TOO_DEEP', limit: 112, measured: 113 });
    expect(refused?.message).toBe('The query nests brackets 113 levels deep; the limit is 112');
  });

  it('checks every operation of a batch and the query string of a GET, and ignores what is not a document', () => {
    const deep = `${'['.repeat(200)}`;
    expect(requestNestingViolation([{ query: '{ a }' }, { query: deep }], undefined, { maxDepth: 12 })?.extensions.measured).toBe(200);
    expect(requestNestingViolation(undefined, { query: deep }, { maxDepth: 12 })).not.toBeNull();
    expect(requestNestingViolation({ query: 42 }, {}, { maxDepth: 12 })).toBeNull();
    expect(requestNestingViolation(null, undefined, { maxDepth: 12 })).toBeNull();
  });
});
