import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';
import { isPartialDate } from './partial-date';

function check(value: unknown): string {
  if (!isPartialDate(value)) {
    throw new GraphQLError('Date must be an ISO 8601 date: YYYY, YYYY-MM or YYYY-MM-DD', {
      extensions: { code: 'BAD_USER_INPUT' },
    });
  }
  return value;
}

export const DateScalar = new GraphQLScalarType<string, string>({
  name: 'Date',
  description: 'An ISO 8601 calendar date of year, month or day precision: YYYY, YYYY-MM or YYYY-MM-DD.',
  serialize: (value) => String(value),
  parseValue: check,
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING) {
      throw new GraphQLError('Date must be a string: YYYY, YYYY-MM or YYYY-MM-DD', {
        extensions: { code: 'BAD_USER_INPUT' },
      });
    }
    return check(ast.value);
  },
});
