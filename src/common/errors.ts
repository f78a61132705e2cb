import { GraphQLError } from 'graphql';

/** A client mistake: says which input field is wrong and why, and nothing about internals. */
export class BadInputError extends GraphQLError {
  constructor(field: string, reason: string) {
    super(`Invalid value for ${field}: ${reason}`, {
      extensions: { code: 'BAD_USER_INPUT', field, reason },
    });
  }
}

export class NotFoundError extends GraphQLError {
  constructor(what: string, id: string) {
    super(`${what} "${id}" does not exist`, { extensions: { code: 'NOT_FOUND', id } });
  }
}
