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
