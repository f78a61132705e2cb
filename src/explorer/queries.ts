/**
 * The GraphQL documents the explorer page sends. They live apart from the page so that the
 * end-to-end tests run the very same documents against the schema, its limits and the seed data.
 */
export const SOURCE_FIELDS = 'id title url publisher date excerpt';

const NETWORK_FIELDS = `
  truncated
  nodes { id label type kind metrics { degree betweenness closeness eigenvector pagerank community } }
  edges { id source target type properties }
  stats { nodeCount edgeCount density components communities modularity }
`;

/** Nodes the page draws at most; sigma stays fluid and ForceAtlas2 quick well past this. */
export const EGO_LIMIT = 400;
export const OVERVIEW_LIMIT = 300;

export const EGO_QUERY = `query Ego($id: ID!, $radius: Int!, $types: [RelationshipType!], $asOf: Date) {
  egoNetwork(id: $id, radius: $radius, types: $types, asOf: $asOf, limit: ${EGO_LIMIT}) { ${NETWORK_FIELDS} }
}`;

/**
 * On a graph of more nodes than OVERVIEW_LIMIT, the page opens on GET /overview instead: the most
 * central nodes of the current analysis at their stored places. OVERVIEW_DRAWN is how many it asks for.
 */
export const OVERVIEW_DRAWN = 20_000;

export const COMMUNITY_NETWORK_QUERY = `query CommunityNetwork { communityNetwork(first: 200) { jobId nodes { id size label x y } links { source target weight } } }`;

export const START_ANALYSIS_MUTATION = `mutation StartAnalysis { startAnalysis { id state progress } }`;

export const ANALYSIS_JOB_QUERY = `query AnalysisJob($id: ID!) { analysisJob(id: $id) { id state progress phase error } }`;

export const OVERVIEW_QUERY = `query Overview($types: [RelationshipType!], $asOf: Date) {
  network(filter: { types: $types, asOf: $asOf, limit: ${OVERVIEW_LIMIT} }) { ${NETWORK_FIELDS} }
}`;

export const SEARCH_QUERY = `query Search($text: String!) { search(text: $text, first: 10) { label score node { id name } } }`;

export const DETAIL_QUERIES = {
  Actor: `query Actor($id: ID!) { node: actor(id: $id) { id name kind acronym aliases scale countryCode website description tags attributes sources { ${SOURCE_FIELDS} } } }`,
  Initiative: `query Initiative($id: ID!) { node: initiative(id: $id) { id name kind acronym startDate endDate description themes budget { amount currency } tags attributes sources { ${SOURCE_FIELDS} } } }`,
  Territory: `query Territory($id: ID!) { node: territory(id: $id) { id name level code aliases tags attributes sources { ${SOURCE_FIELDS} } } }`,
} as const;

export const FLOWS_QUERY = `query Flows($rootId: ID!, $direction: FlowDirection!, $asOf: Date, $stage: FundingStage = DISBURSED, $currency: String) {
  fundingFlows(rootId: $rootId, direction: $direction, asOf: $asOf, stage: $stage, currency: $currency) {
    truncated nodes { id name } links { source target value currency count unconverted }
  }
}`;

/** Sources looked up in one request; the API refuses documents with more than 30 aliases by default. */
export const MAX_SOURCES = 15;

/** One request for several sources: one aliased field per id. */
export function sourcesQuery(ids: readonly string[]): { query: string; variables: Record<string, string> } {
  const chosen = ids.slice(0, MAX_SOURCES);
  return {
    query: `query Sources(${chosen.map((_, index) => `$s${index}: ID!`).join(', ')}) { ${chosen
      .map((_, index) => `s${index}: source(id: $s${index}) { ${SOURCE_FIELDS} }`)
      .join(' ')} }`,
    variables: Object.fromEntries(chosen.map((id, index) => [`s${index}`, id])),
  };
}

const IMPORT_PROBLEM_FIELDS = 'file location field reason';

/** The "Import a file" panel: the same call for the dry run and, once confirmed, the write. */
export const IMPORT_FILES_MUTATION = `mutation ImportFiles($files: [ImportFileInput!]!, $dryRun: Boolean!, $onError: ImportErrorMode!, $sourceTitle: String, $sourceUrl: String) {
  importFiles(files: $files, dryRun: $dryRun, onError: $onError, sourceTitle: $sourceTitle, sourceUrl: $sourceUrl) {
    written dryRun
    sections { section created updated unchanged rejected }
    relationshipTypes { type created updated unchanged rejected }
    problems { ${IMPORT_PROBLEM_FIELDS} }
    warnings { ${IMPORT_PROBLEM_FIELDS} }
    elapsedMs rowsPerSecond
  }
}`;

/** Candidates listed in an actor's "Possible duplicates" section, best first. */
export const CANDIDATES_SHOWN = 10;
/** Open proposals about one actor read at most: the panel matches them to its candidates itself. */
export const OPEN_PROPOSALS_READ = 50;

const CANDIDATE_PROPOSAL_FIELDS = 'id keepId mergeId score reasons note proposedBy proposedAt keep { id name } merged { id name }';

/**
 * An actor's side panel, "Possible duplicates": its candidates and the open proposals about it, in
 * one request, however many candidates there are.
 */
export const ACTOR_CANDIDATES_QUERY = `query ActorCandidates($id: ID!) {
  duplicateCandidates(actorId: $id, first: ${CANDIDATES_SHOWN}) { score reasons a { id name } b { id name } }
  mergeProposals(actorId: $id, state: PROPOSED, first: ${OPEN_PROPOSALS_READ}) { totalCount edges { node { ${CANDIDATE_PROPOSAL_FIELDS} } } }
}`;

export const PROPOSE_MERGE_MUTATION = `mutation ProposeMerge($keepId: ID!, $mergeId: ID!, $note: String) {
  proposeMerge(keepId: $keepId, mergeId: $mergeId, note: $note) { ${CANDIDATE_PROPOSAL_FIELDS} }
}`;

export const DECIDE_MERGE_MUTATION = `mutation DecideMerge($id: ID!, $accept: Boolean!, $note: String) {
  decideMerge(id: $id, accept: $accept, note: $note) { id state keepId mergeId auditEntryId }
}`;

/** A saved map as the page opens it: its nodes and annotations as stored, and the network to draw, in one request. */
const MAP_FIELDS = `
  id name description visibility asOf version updatedAt updatedBy author
  nodes { id x y color size gone mergedInto node { id name } }
  annotations { id text nodeId relationshipId x y sourceIds sources { id title url } }
`;

/**
 * A map's network, without betweenness and closeness, and without the links' properties: the
 * first run a search from every node (n * (n + m) steps), which on a 2,000-node map is most of
 * the request, and the properties are most of what its statement reads. The map is drawn with
 * its links' ends and types, and MAP_PATH_METRICS_QUERY brings the rest after.
 */
const MAP_NETWORK_FIELDS = `
  truncated
  nodes { id label type kind metrics { degree eigenvector pagerank community } }
  edges { id source target type }
  stats { nodeCount edgeCount density components communities modularity }
`;

export const MAP_QUERY = `query OpenMap($id: ID!, $types: [RelationshipType!], $asOf: Date) {
  map(id: $id) { ${MAP_FIELDS} network(types: $types, asOf: $asOf) { ${MAP_NETWORK_FIELDS} } }
}`;

/** What MAP_QUERY leaves out, asked once the map is drawn: betweenness, closeness and the links' properties. */
export const MAP_PATH_METRICS_QUERY = `query MapPathMetrics($id: ID!, $types: [RelationshipType!], $asOf: Date) {
  map(id: $id) { network(types: $types, asOf: $asOf) { nodes { id metrics { betweenness closeness } } edges { id properties } } }
}`;

/** The links among the map's nodes added, ended or removed since it was saved; asked once the map is drawn. */
export const MAP_CHANGES_QUERY = `query MapChanges($id: ID!, $date: DateTime!) {
  map(id: $id) { changesSince(date: $date) { change relationshipId type fromId toId at by } }
}`;

export const SAVE_MAP_MUTATION = `mutation SaveMap($input: MapInput!) {
  saveMap(input: $input) { id name version updatedAt updatedBy visibility }
}`;

/** The source an annotation cites, written when the map is saved. */
export const ANNOTATION_SOURCE_MUTATION = `mutation AnnotationSource($input: SourceInput!) { upsertSource(input: $input) { id title url } }`;

/** A map's network as a file, for the data downloads while a map is on screen. */
export const MAP_EXPORT_QUERY = `query MapExport($id: ID!, $types: [RelationshipType!], $asOf: Date, $format: ExportFormat!, $table: CsvTable!) {
  map(id: $id) { network(types: $types, asOf: $asOf) { export(format: $format, table: $table) } }
}`;
