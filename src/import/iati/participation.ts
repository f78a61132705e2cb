import type { RawRow } from '../import.validator';
import type { ActivityScope } from './activity-file';
import { PARTICIPATION_ROLES } from './codelists';
import { toNodeId } from './ids';
import { MENTION_RANK, OrgMention, orgMention } from './organisations';
import { arr, attr } from './xml';

/**
 * Participating orgs are linked to their activity by PARTICIPATES_IN with role funding,
 * accountable, extending or implementing; the reporting org, when it is not also a participant,
 * with role reporting.
 */
export class Participations {
  readonly rows: RawRow[] = [];
  /** Ids of participating-org links so far; an org listed twice in one role is one link. */
  private readonly ids = new Set<string>();

  read(scope: ActivityScope): void {
    const participants = new Set<string>();
    for (const node of arr(scope.activity.node['participating-org'])) {
      const org = this.readParticipatingOrg(scope, node);
      if (org) participants.add(org.id);
    }
    const reporting = scope.activity.reportingOrg;
    if (reporting && !participants.has(reporting.id)) this.rows.push(participationRow(scope, reporting, 'reporting'));
  }

  private readParticipatingOrg(scope: ActivityScope, node: unknown): OrgMention | undefined {
    const { file, activity } = scope;
    const role = PARTICIPATION_ROLES[attr(node, 'role') ?? ''];
    const org = orgMention(node, 'participating-org', MENTION_RANK.participatingOrg, scope.place);
    if (!org) {
      const line = file.lines.lineOf(node, activity.line);
      scope.problems.push({ file: file.file, location: `line ${line} <participating-org>`, section: 'actors', field: 'ref', reason: 'has neither a ref nor a name' });
      return undefined;
    }
    scope.organisations.mention(org);
    if (!role) return org;
    const row = participationRow(scope, org, role);
    const id = (row.value as { id: string }).id;
    if (!this.ids.has(id)) {
      this.ids.add(id);
      this.rows.push(row);
    }
    return org;
  }
}

function participationRow(scope: ActivityScope, org: OrgMention, role: string): RawRow {
  const { file, activity } = scope;
  return {
    section: 'relationships',
    file: file.file,
    location: `${org.location} PARTICIPATES_IN`,
    value: {
      id: toNodeId(`iati-part:${activity.rawId}:${org.id}:${role}`),
      type: 'PARTICIPATES_IN',
      fromId: org.id,
      toId: activity.id,
      role,
      sourceIds: [file.sourceId],
    },
  };
}
