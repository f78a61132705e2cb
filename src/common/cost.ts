import { Extensions } from 'type-graphql';

/**
 * How an argument weighs on the work a field does, for the query cost limit (src/server/query-cost.ts):
 * - `rows`: bounds how many items the field returns (first, limit): the children are paid once per row;
 * - `hops`: bounds how far a graph traversal walks (depth, maxHops, radius): each hop multiplies the walk;
 * - `free`: an Int that does not multiply the work (an offset, a threshold, a year...).
 * Every Int argument, and every Int field of an input object passed as an argument, must declare one
 * (test/unit/query-cost.unit.test.ts): a new bound is never charged nothing by accident.
 */
export const COST_ROLES = ['rows', 'hops', 'free'] as const;
export type CostRole = (typeof COST_ROLES)[number];

/** Extension key of an argument or input field: its CostRole. */
export const COST_EXTENSION = 'cost';
/** Extension key of an output field: the CostRole of its inline @Arg arguments, by name. */
export const ARGUMENT_COSTS_EXTENSION = 'argumentCosts';

export function isCostRole(value: unknown): value is CostRole {
  return typeof value === 'string' && (COST_ROLES as readonly string[]).includes(value);
}

/**
 * On a field of an @ArgsType or @InputType class: how that argument (or input field) weighs on
 * the work of the field it is passed to.
 *
 *   @Field(() => Int, { defaultValue: 20 }) @Cost('rows') first: number = 20;
 */
export function Cost(role: CostRole): PropertyDecorator {
  if (!isCostRole(role)) throw new Error(`@Cost(${JSON.stringify(role)}): expected one of ${COST_ROLES.join(', ')}`);
  return Extensions({ [COST_EXTENSION]: role }) as PropertyDecorator;
}

/**
 * On a @Query, @Mutation or @FieldResolver method whose Int arguments are inline `@Arg`s (which
 * take no extensions): their roles by argument name. Arguments from an @ArgsType class declare
 * theirs with @Cost. Naming an argument the field does not have fails when the server starts.
 *
 *   @Query(() => [Item]) @ArgumentCosts({ first: 'rows' }) items(@Arg('first', () => Int) first: number)
 */
export function ArgumentCosts(roles: Record<string, CostRole>): MethodDecorator & PropertyDecorator {
  for (const [name, role] of Object.entries(roles)) {
    if (!isCostRole(role)) throw new Error(`@ArgumentCosts: ${name} has role ${JSON.stringify(role)}; expected one of ${COST_ROLES.join(', ')}`);
  }
  return Extensions({ [ARGUMENT_COSTS_EXTENSION]: { ...roles } }) as MethodDecorator & PropertyDecorator;
}
