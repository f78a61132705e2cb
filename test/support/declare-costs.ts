import { GraphQLArgument, GraphQLInputField, GraphQLSchema, isInputObjectType, isInterfaceType, isObjectType } from 'graphql';
import { COST_EXTENSION, CostRole } from '../../src/common/cost';

function holderAt(schema: GraphQLSchema, coordinate: string): GraphQLArgument | GraphQLInputField {
  const [typeName, fieldName, argumentName, ...rest] = coordinate.split('.');
  const type = schema.getType(typeName);
  if (fieldName !== undefined && argumentName === undefined && rest.length === 0 && isInputObjectType(type)) {
    const inputField = type.getFields()[fieldName];
    if (inputField) return inputField;
  }
  if (argumentName !== undefined && rest.length === 0 && (isObjectType(type) || isInterfaceType(type))) {
    const argument = type.getFields()[fieldName]?.args.find((arg) => arg.name === argumentName);
    if (argument) return argument;
  }
  throw new Error(`declareCosts: ${coordinate} is neither an argument (Type.field.argument) nor an input field (Input.field) of the schema`);
}

/**
 * Declares cost roles on a schema written as SDL, as @Cost does on a type-graphql one: SDL has no
 * syntax for extensions, and undeclared bounds are charged nothing. Coordinates are
 * `Type.field.argument` or `Input.field`. Call it before the schema is first priced, since its
 * cost plan is worked out once.
 */
export function declareCosts(schema: GraphQLSchema, roles: Record<string, CostRole>): GraphQLSchema {
  for (const [coordinate, role] of Object.entries(roles)) {
    const holder = holderAt(schema, coordinate);
    Object.assign(holder, { extensions: { ...holder.extensions, [COST_EXTENSION]: role } });
  }
  return schema;
}
