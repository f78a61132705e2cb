/**
 * PROFILE plans of the mix: the statements the API's repositories run (through the raw
 * target's code path, which calls those repositories) and the statements @neo4j/graphql
 * generates, each run once with PROFILE on the loaded graph and written as text.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ProfiledPlan, QueryResult } from 'neo4j-driver';
import type { Database, Tx } from '../src/db/database';
import { MIX, QUERY_NAMES, type Pools, type QueryName } from './mix';

export interface PlanSummary {
  query: QueryName;
  source: 'api-repository' | 'neo4j-graphql';
  file: string;
  statements: number;
  /** Leaf operators of each statement's plan, i.e. how each part of it starts. */
  leaves: string[][];
  /** True when no plan starts from a label scan or an all-nodes scan. */
  indexStart: boolean;
  dbHits: number;
  rows: number;
}

const SCANS = /^(NodeByLabelScan|AllNodesScan|UndirectedAllRelationshipsScan|DirectedAllRelationshipsScan|UndirectedRelationshipTypeScan|DirectedRelationshipTypeScan)/;

function clean(operator: string): string {
  return operator.replace(/@neo4j$/, '');
}

function leavesOf(plan: ProfiledPlan, out: string[] = []): string[] {
  if (plan.children.length === 0) out.push(clean(plan.operatorType));
  for (const child of plan.children) leavesOf(child, out);
  return out;
}

function dbHitsOf(plan: ProfiledPlan): number {
  return plan.children.reduce((n, child) => n + dbHitsOf(child), plan.dbHits);
}

export function renderPlan(plan: ProfiledPlan, depth = 0): string {
  const args = plan.arguments as Record<string, unknown>;
  const details = args.Details ? ` | ${String(args.Details).replace(/\s+/g, ' ')}` : '';
  const estimated = typeof args.EstimatedRows === 'number' ? ` est=${Math.round(args.EstimatedRows as number)}` : '';
  const line = `${'  '.repeat(depth)}+ ${clean(plan.operatorType)} rows=${plan.rows}${estimated} dbHits=${plan.dbHits}${details}`;
  return [line, ...plan.children.map((child) => renderPlan(child, depth + 1))].join('\n');
}

interface Profiled {
  cypher: string;
  params: Record<string, unknown>;
  plan: ProfiledPlan;
}

function profilingTx(tx: Tx, sink: Profiled[]): Tx {
  return {
    run: async <R>(cypher: string, params: Record<string, unknown> = {}) => {
      const result = (await tx.run(`PROFILE ${cypher}`, params)) as QueryResult;
      if (result.summary.profile) sink.push({ cypher, params, plan: result.summary.profile });
      return result as never as QueryResult<R & Record<string, unknown>>;
    },
  } as Tx;
}

function summarise(query: QueryName, source: PlanSummary['source'], file: string, profiled: Profiled[]): PlanSummary {
  const leaves = profiled.map((p) => leavesOf(p.plan));
  return {
    query,
    source,
    file,
    statements: profiled.length,
    leaves,
    indexStart: leaves.every((ls) => ls.every((l) => !SCANS.test(l))),
    dbHits: profiled.reduce((n, p) => n + dbHitsOf(p.plan), 0),
    rows: profiled.reduce((n, p) => n + p.plan.rows, 0),
  };
}

function writePlanFile(file: string, title: string, params: unknown, profiled: Profiled[]): void {
  const parts = [
    `# ${title}`,
    `# parameters of the request: ${JSON.stringify(params)}`,
    `# ${profiled.length} statement(s); leaf operators show where each plan starts`,
    ...profiled.map((p, i) =>
      [
        '',
        `## statement ${i + 1}`,
        p.cypher.replace(/^\s+/gm, '  ').trim(),
        '',
        `## parameters`,
        JSON.stringify(p.params, (_k, v: unknown) => (typeof v === 'object' && v !== null && 'low' in v && 'high' in v ? Number((v as { low: number }).low) : v)),
        '',
        `## profile (leaves: ${leavesOf(p.plan).join(', ')})`,
        renderPlan(p.plan),
      ].join('\n'),
    ),
  ];
  writeFileSync(file, `${parts.join('\n')}\n`);
}

/** PROFILEs the repositories' statements for the first parameters of each pool. */
export async function profileApiStatements(db: Database, pools: Pools, outDir: string, label: string): Promise<PlanSummary[]> {
  mkdirSync(outDir, { recursive: true });
  const out: PlanSummary[] = [];
  for (const query of QUERY_NAMES) {
    const params = (pools[query] as unknown[])[0];
    const profiled: Profiled[] = [];
    const profilingDb = { read: <T>(work: (tx: Tx) => Promise<T>) => db.read((tx) => work(profilingTx(tx, profiled))) } as unknown as Database;
    await (MIX[query] as (typeof MIX)[QueryName]).raw(profilingDb, params as never);
    const file = path.join(outDir, `${query}.api.txt`);
    writePlanFile(file, `${query} (${label}): the statements the API's repositories run`, params, profiled);
    out.push(summarise(query, 'api-repository', file, profiled));
  }
  return out;
}

/** PROFILEs statements captured from @neo4j/graphql (Cypher text and parameters as it sent them). */
export async function profileCapturedStatements(
  db: Database,
  captured: Record<QueryName, { params: unknown; statements: { cypher: string; params: Record<string, unknown> }[] }>,
  outDir: string,
  label: string,
): Promise<PlanSummary[]> {
  mkdirSync(outDir, { recursive: true });
  const out: PlanSummary[] = [];
  for (const query of QUERY_NAMES) {
    const entry = captured[query];
    if (!entry) continue;
    const profiled: Profiled[] = [];
    await db.read(async (tx) => {
      const ptx = profilingTx(tx, profiled);
      // The library prefixes its statements with a CYPHER version line, which PROFILE must precede.
      for (const s of entry.statements) await ptx.run(s.cypher.replace(/^CYPHER \S+\s*\n/, ''), s.params);
    });
    const file = path.join(outDir, `${query}.neo4j-graphql.txt`);
    writePlanFile(file, `${query} (${label}): the statement @neo4j/graphql generates`, entry.params, profiled);
    out.push(summarise(query, 'neo4j-graphql', file, profiled));
  }
  return out;
}
