/**
 * Sends every query of the mix to the three targets, one request at a time, and checks that
 * they answer the same data (normalised per target), counting the Cypher statements each
 * target runs per request.
 */
import { MIX, QUERY_NAMES, TARGETS, type GraphqlRequest, type Pools, type QueryName, type Target } from './mix';

export interface TargetClients {
  /** POSTs a GraphQL request and returns its `data` (throws on errors). */
  api(request: GraphqlRequest): Promise<unknown>;
  'neo4j-graphql'(request: GraphqlRequest): Promise<unknown>;
  raw(name: QueryName, params: unknown): Promise<unknown>;
  statements: Record<Target, () => number | Promise<number>>;
}

export interface Mismatch {
  params: unknown;
  target: Target;
  expected: unknown;
  got: unknown;
}

export interface QueryVerification {
  query: QueryName;
  /** Targets that cannot run this query (a pending API field), with why. */
  skipped: Partial<Record<Target, string>>;
  compared: number;
  /** Requests whose answers were not empty, to show the comparison compared something. */
  nonEmpty: number;
  mismatches: Mismatch[];
  errors: { target: Target; params: unknown; message: string }[];
  roundTrips: Partial<Record<Target, number>>;
}

export async function postGraphql(url: string, request: GraphqlRequest): Promise<unknown> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(request),
  });
  const body = (await response.json()) as { data?: unknown; errors?: { message: string }[] };
  if (body.errors?.length) throw new Error(body.errors.map((e) => e.message).join('; '));
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return body.data;
}

export async function postRaw(baseUrl: string, name: QueryName, params: unknown): Promise<unknown> {
  const response = await fetch(`${baseUrl}/${name}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(params),
  });
  const body = (await response.json()) as { data?: unknown; errors?: { message: string }[] };
  if (!response.ok || body.errors) throw new Error(body.errors?.map((e) => e.message).join('; ') ?? `HTTP ${response.status}`);
  return body.data;
}

/**
 * JSON with sorted keys. Answers are compared as text: they are JSON data, and objects parsed by
 * fetch may come from another realm than literals (under jest), which deep-equality tells apart.
 */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.keys(v as object).sort().map((k) => [k, (v as Record<string, unknown>)[k]]))
      : v,
  );
}

function isEmpty(value: unknown): boolean {
  if (value === null || value === undefined) return true;
  if (Array.isArray(value)) return value.length === 0;
  if (typeof value === 'object') {
    const v = value as Record<string, unknown>;
    if (Array.isArray(v.nodes)) return v.nodes.length === 0;
  }
  return false;
}

export async function verifyMix(
  clients: TargetClients,
  pools: Pools,
  unavailable: Partial<Record<QueryName, Partial<Record<Target, string>>>>,
  perQuery = 8,
): Promise<QueryVerification[]> {
  const out: QueryVerification[] = [];
  for (const query of QUERY_NAMES) {
    const spec = MIX[query] as (typeof MIX)[QueryName];
    const skipped = unavailable[query] ?? {};
    const active = TARGETS.filter((t) => !skipped[t]);
    const report: QueryVerification = { query, skipped, compared: 0, nonEmpty: 0, mismatches: [], errors: [], roundTrips: {} };
    const params = (pools[query] as unknown[]).slice(0, perQuery);
    const statements: Partial<Record<Target, number>> = {};
    const answers: Partial<Record<Target, unknown[]>> = {};
    for (const target of active) {
      const before = await clients.statements[target]();
      const given: unknown[] = [];
      for (const p of params) {
        try {
          let data: unknown;
          if (target === 'raw') data = await clients.raw(query, p);
          else data = await clients[target](target === 'api' ? spec.api(p as never) : spec.neo4jGraphql(p as never));
          given.push(spec.normalise[target](data));
        } catch (error) {
          given.push(undefined);
          report.errors.push({ target, params: p, message: error instanceof Error ? error.message : String(error) });
        }
      }
      statements[target] = ((await clients.statements[target]()) - before) / Math.max(1, params.length);
      answers[target] = given;
    }
    const reference: Target = active.includes('raw') ? 'raw' : active[0];
    params.forEach((p, i) => {
      const expected = answers[reference]![i];
      if (expected !== undefined && !isEmpty(expected)) report.nonEmpty++;
      for (const target of active) {
        if (target === reference) continue;
        const got = answers[target]![i];
        if (got === undefined || expected === undefined) continue;
        report.compared++;
        if (canonical(got) !== canonical(expected)) report.mismatches.push({ params: p, target, expected, got });
      }
    });
    report.roundTrips = Object.fromEntries(Object.entries(statements).map(([t, n]) => [t, Math.round(n! * 100) / 100]));
    out.push(report);
  }
  return out;
}
