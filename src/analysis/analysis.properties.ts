import { toPlain } from '../common/neo4j-values';

/**
 * Where a job's results live on the nodes. There are two slots, `m0_` and `m1_`: a job writes its
 * metrics into the slot the current analysis does not use, in batches, and only at the end flips
 * the current-analysis pointer (the `current` flag of its AnalysisJob, which also names the
 * slot) in one small transaction. Every read goes through that pointer, so a job killed or
 * cancelled half-way leaves half a slot nobody reads, and the previous metrics stay whole and
 * visible. Each slot also records the job that wrote it (`m0_job`), which reads check as well.
 *
 * Why properties on the nodes rather than nodes of their own: sorting lists and cutting
 * networks by PageRank then reads the node it already has, with no join.
 */

export const SLOT_PREFIXES = ['m0_', 'm1_'] as const;
export type SlotPrefix = (typeof SLOT_PREFIXES)[number];

/** The per-node values, in the order the repository writes and reads them. */
export const METRIC_KEYS = ['degree', 'pagerank', 'betweenness', 'closeness', 'eigenvector', 'community', 'x', 'y'] as const;
export type MetricKey = (typeof METRIC_KEYS)[number];

/** The slot property naming the job that wrote it. */
export const JOB_KEY = 'job';

export function otherSlot(prefix: SlotPrefix | null): SlotPrefix {
  return prefix === 'm0_' ? 'm1_' : 'm0_';
}

const SLOT_PROPERTY = /^m[01]_/;

/** True for a property an analysis job wrote: computed, not data, so dumps leave it out. */
export function isAnalysisProperty(key: string): boolean {
  return SLOT_PROPERTY.test(key);
}

/** One node's values of an analysis, by metric; a metric the job did not compute is absent. */
export type StoredNodeValues = Partial<Record<MetricKey, number>>;

/** The analysis a long read takes its values from, fixed when the read begins: the current one then. */
export interface AnalysisSlot {
  prefix: SlotPrefix;
  jobId: string;
}

/** The property a slot keeps one of its values in (a MetricKey, or JOB_KEY for the job that wrote it). */
export function slotKey(slot: AnalysisSlot, key: MetricKey | typeof JOB_KEY): string {
  return `${slot.prefix}${key}`;
}

/** The slot's property names that a read projects, and the one naming the job that wrote it. */
export function slotParameters(slot: AnalysisSlot): { slotJobKey: string; slotJobId: string; slotKeys: string[] } {
  return { slotJobKey: slotKey(slot, JOB_KEY), slotJobId: slot.jobId, slotKeys: METRIC_KEYS.map((key) => slotKey(slot, key)) };
}

/** Values read with `slotParameters`' keys (null for a node the slot's job never reached) by metric. */
export function storedNodeValues(values: readonly unknown[] | null | undefined): StoredNodeValues | undefined {
  if (!values) return undefined;
  const out: StoredNodeValues = {};
  METRIC_KEYS.forEach((key, i) => {
    const value = values[i] === null || values[i] === undefined ? NaN : Number(toPlain(values[i]));
    if (Number.isFinite(value)) out[key] = value;
  });
  return out;
}

/**
 * The names under which files written by the exports carry a node's analysis values. They are
 * computed, not data: the readers of network files leave them out, so a file exported here and
 * imported again holds only what was entered, and an analysis of the new graph recomputes them.
 */
export const FILE_ATTRIBUTE_OF_METRIC: Readonly<Record<MetricKey, string>> = {
  degree: 'analysis_degree',
  pagerank: 'analysis_pagerank',
  betweenness: 'analysis_betweenness',
  closeness: 'analysis_closeness',
  eigenvector: 'analysis_eigenvector',
  community: 'analysis_community',
  x: 'analysis_x',
  y: 'analysis_y',
};

const FILE_ATTRIBUTES = new Set(Object.values(FILE_ATTRIBUTE_OF_METRIC));

/** True for an attribute name the exports write analysis values under, in any case (Kumu compares headers so). */
export function isAnalysisFileAttribute(name: string): boolean {
  return FILE_ATTRIBUTES.has(name.toLowerCase());
}
