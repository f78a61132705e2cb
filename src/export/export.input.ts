import { ArgsType, Field } from 'type-graphql';
import { IsEnum, validate } from 'class-validator';
import { plainToInstance, type ClassConstructor } from 'class-transformer';
import { BadInputError } from '../common/errors';
import { flattenValidationErrors, INPUT_VALIDATION } from '../common/validation-errors';
import { EgoNetworkArgs, FundingFlowsArgs } from '../network/network.input';
import { NoFields, withTypes } from '../network/network.mixins';
import { CsvTable, ExportFormat } from './export.type';

@ArgsType()
export class ExportArgs {
  @Field(() => ExportFormat)
  @IsEnum(ExportFormat)
  format: ExportFormat;

  @Field(() => CsvTable, {
    defaultValue: CsvTable.EDGES,
    description: 'CSV only: the connections (EDGES) or the elements (NODES) table; ask for both with two aliased fields',
  })
  @IsEnum(CsvTable)
  table: CsvTable = CsvTable.EDGES;
}

/*
 * GET /export/{format} takes the same arguments as a query string. Its parameters are coerced
 * as GraphQL coerces variables to the arguments' types (Int, ID!, enums, lists), then turned into
 * the GraphQL fields' own argument classes and validated by the same class-validator rules:
 * ExportArgs (Network.export), EgoNetworkArgs (egoNetwork) and, for SANKEY, FundingFlowsArgs
 * (fundingFlows). A refusal is a BadInputError naming the first wrong parameter.
 */

/** Express's req.query: a string per parameter, or an array of them when it is repeated. */
export type QueryParams = Record<string, unknown>;

/** Reads one parameter as the argument's type would take it; undefined when it is not given. */
type Coerce = (query: QueryParams, name: string) => unknown;

/** One value per parameter: a repeated parameter is a client mistake, except for lists. */
function once(query: QueryParams, name: string): string | undefined {
  const value = query[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw new BadInputError(name, 'must be given once');
  return value;
}

/** ID!: refused when missing, as GraphQL refuses a missing non-null argument; `alias` may stand in for it. */
const requiredId =
  (alias?: string): Coerce =>
  (query, name) => {
    const value = once(query, name) ?? (alias ? once(query, alias) : undefined);
    if (!value) throw new BadInputError(name, 'is required');
    return value;
  };

/** Int. Ranges are left to the argument class's rules, so GraphQL and HTTP refuse the same values. */
const int: Coerce = (query, name) => {
  const value = once(query, name);
  if (value === undefined) return undefined;
  if (!/^\d{1,9}$/.test(value)) throw new BadInputError(name, 'must be a whole number');
  return Number(value);
};

/** An enum value, in any case; whether it is one is the class's @IsEnum to say. */
const enumValue: Coerce = (query, name) => once(query, name)?.toUpperCase();

/** Date: an empty value is no date. */
const date: Coerce = (query, name) => once(query, name) || undefined;

/** [RelationshipType]: types=FUNDS,LEADS or types=FUNDS&types=LEADS, in any case. */
const relationshipTypes: Coerce = (query, name) => {
  const raw = query[name];
  if (raw === undefined) return undefined;
  const values = (Array.isArray(raw) ? raw : [raw]).flatMap((value) => (typeof value === 'string' ? value.split(',') : [null]));
  if (values.some((value) => value === null)) throw new BadInputError(name, 'must be relationship types separated by commas');
  return (values as string[]).map((value) => value.trim().toUpperCase()).filter(Boolean);
};

/** Int query parameters, for other routes that take the same kind of arguments (GET /overview). */
export { int as intParam };

export type Params<T> = Partial<Record<keyof T & string, Coerce>>;

const FILE_PARAMS: Params<ExportArgs> = { table: enumValue };
const EGO_PARAMS: Params<EgoNetworkArgs> = { id: requiredId(), radius: int, types: relationshipTypes, asOf: date, limit: int };
const FLOW_PARAMS: Params<FundingFlowsArgs> = {
  rootId: requiredId('id'),
  direction: enumValue,
  maxHops: int,
  asOf: date,
  stage: enumValue,
  currency: enumValue,
};

/** The given parameters, coerced; absent ones are left out so that the class's defaults apply. */
export function coerce<T>(query: QueryParams, params: Params<T>): Record<string, unknown> {
  const plain: Record<string, unknown> = {};
  for (const [name, read] of Object.entries(params) as [string, Coerce][]) {
    const value = read(query, name);
    if (value !== undefined) plain[name] = value;
  }
  return plain;
}

/** As type-graphql validates arguments (buildSchema's `validate` in src/server/schema.ts). */

/** An instance of an argument class from coerced values, validated; else the first problem as a BadInputError. */
export async function validArgs<T extends object>(cls: ClassConstructor<T>, plain: Record<string, unknown>): Promise<T> {
  const args = plainToInstance(cls, plain, { exposeUnsetFields: false });
  const [first] = flattenValidationErrors(await validate(args, INPUT_VALIDATION));
  if (first) throw new BadInputError(first.field, first.reasons.join('; '));
  return args;
}

/** GET /export/{format}?scope=all: the whole graph, with only the links of `types` when given. */
export class WholeGraphArgs extends withTypes(NoFields) {}

const WHOLE_GRAPH_PARAMS: Params<WholeGraphArgs> = { types: relationshipTypes };

export type ExportRequest =
  | { format: ExportFormat.SANKEY; flows: FundingFlowsArgs }
  | { format: Exclude<ExportFormat, ExportFormat.SANKEY>; file: ExportArgs; ego: EgoNetworkArgs }
  | { format: Exclude<ExportFormat, ExportFormat.SANKEY>; file: ExportArgs; wholeGraph: WholeGraphArgs };

/** `scope`: left out (the ego network of ?id) or `all` (the whole graph), in any case. */
function wholeGraphScope(query: QueryParams): boolean {
  const scope = once(query, 'scope');
  if (scope === undefined) return false;
  if (scope.toLowerCase() !== 'all') throw new BadInputError('scope', 'must be "all" (the whole graph), or left out for the ego network of ?id');
  return true;
}

/** GET /export/{format}?...: the format from the path and the arguments from the query string. */
export async function exportRequestFromQuery(format: string, query: QueryParams): Promise<ExportRequest> {
  const { format: valid } = await validArgs(ExportArgs, { format: format.toUpperCase() });
  if (wholeGraphScope(query)) {
    if (valid === ExportFormat.SANKEY) {
      throw new BadInputError('scope', 'SANKEY exports the funding flows from ?rootId; scope=all is for GEXF, GraphML, CSV and Cytoscape JSON');
    }
    for (const name of Object.keys(EGO_PARAMS)) {
      if (!(name in WHOLE_GRAPH_PARAMS) && query[name] !== undefined) throw new BadInputError(name, 'is not taken with scope=all, which exports every node');
    }
    const file = await validArgs(ExportArgs, { format: valid, ...coerce(query, FILE_PARAMS) });
    return { format: valid, file, wholeGraph: await validArgs(WholeGraphArgs, coerce(query, WHOLE_GRAPH_PARAMS)) };
  }
  if (valid === ExportFormat.SANKEY) {
    return { format: valid, flows: await validArgs(FundingFlowsArgs, coerce(query, FLOW_PARAMS)) };
  }
  const file = await validArgs(ExportArgs, { format: valid, ...coerce(query, FILE_PARAMS) });
  return { format: valid, file, ego: await validArgs(EgoNetworkArgs, coerce(query, EGO_PARAMS)) };
}
