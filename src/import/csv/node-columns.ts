import type { Section } from '../import.document';
import { bool, list, num, Target, text } from './cells';
import type { RecordLabel } from '../../relationships/relationship-kinds';

/**
 * Nodes file, one row per node:
 *
 * | column                                   | field                                              |
 * |------------------------------------------|----------------------------------------------------|
 * | Id                                       | id                                                 |
 * | Label                                    | which node: Actor, Initiative, Territory or Source |
 * | Name                                     | name (title for a Source without a Title column)   |
 * | Title                                    | title (Source)                                     |
 * | Kind, Type                               | kind; level for a Territory                        |
 * | Level                                    | level for a Territory; scale for others            |
 * | Scale                                    | scale                                              |
 * | Aliases, Alias                           | aliases (list)                                     |
 * | Acronym                                  | acronym                                            |
 * | SSE, ESS                                 | sse (true/false, yes/no, oui/non, 1/0)             |
 * | Country, Country Code                    | countryCode                                        |
 * | IATI Org Type, Org Type                  | iatiOrgType                                        |
 * | Org Ref, IATI Org Ref, IATI Ref          | orgRef                                             |
 * | Website                                  | website; url for a Source                          |
 * | URL                                      | url; website for an Actor                          |
 * | Description                              | description                                        |
 * | Start Date, Start / End Date, End        | startDate / endDate                                |
 * | Budget, Budget Amount                    | budget.amount (number)                             |
 * | Currency, Budget Currency                | budget.currency                                    |
 * | Budget EUR, Amount EUR                   | budget.amountEur (number)                          |
 * | Themes, Theme                            | themes (list)                                      |
 * | Code                                     | code (Territory)                                   |
 * | Parent, Parent Id                        | parentId (Territory)                               |
 * | Publisher, Date, Language, Excerpt       | publisher, date, language, excerpt (Source)        |
 * | Source IDs, Sources, Source Id, Source   | sourceIds (list)                                   |
 * | Tags                                     | tags (list; Actor, Initiative, Territory)          |
 */


export const LABEL_SECTION: Record<RecordLabel, Section> = {
  Actor: 'actors',
  Initiative: 'initiatives',
  Territory: 'territories',
  Source: 'sources',
};

/** Matched lower-cased, so that "Actor", "actors" and "ACTOR" are one label. */
export const LABELS: Record<string, RecordLabel> = {
  actor: 'Actor',
  actors: 'Actor',
  initiative: 'Initiative',
  initiatives: 'Initiative',
  territory: 'Territory',
  territories: 'Territory',
  source: 'Source',
  sources: 'Source',
};

const SOURCE_IDS = { sourceids: list('sourceIds'), sources: list('sourceIds'), sourceid: list('sourceIds'), source: list('sourceIds') };
const ALIASES = { aliases: list('aliases'), alias: list('aliases') };
const TAGS = { tags: list('tags') };

const ACTOR_AND_INITIATIVE_COLUMNS = {
  id: text('id'),
  name: text('name'),
  kind: text('kind'),
  type: text('kind'),
  level: text('scale'),
  description: text('description'),
  ...SOURCE_IDS,
  ...ALIASES,
  acronym: text('acronym'),
  scale: text('scale'),
  ...TAGS,
};

/** Normalised header (see normaliseHeader) -> field, per label. */
const NODE_COLUMNS: Record<RecordLabel, Record<string, Target>> = {
  Actor: {
    ...ACTOR_AND_INITIATIVE_COLUMNS,
    sse: bool('sse'),
    ess: bool('sse'),
    country: text('countryCode'),
    countrycode: text('countryCode'),
    iatiorgtype: text('iatiOrgType'),
    orgtype: text('iatiOrgType'),
    orgref: text('orgRef'),
    iatiorgref: text('orgRef'),
    iatiref: text('orgRef'),
    website: text('website'),
    url: text('website'),
  },
  Initiative: {
    ...ACTOR_AND_INITIATIVE_COLUMNS,
    startdate: text('startDate'),
    start: text('startDate'),
    enddate: text('endDate'),
    end: text('endDate'),
    budget: num('budget', 'amount'),
    budgetamount: num('budget', 'amount'),
    currency: text('budget', 'currency'),
    budgetcurrency: text('budget', 'currency'),
    budgeteur: num('budget', 'amountEur'),
    budgetamounteur: num('budget', 'amountEur'),
    amounteur: num('budget', 'amountEur'),
    themes: list('themes'),
    theme: list('themes'),
  },
  Territory: {
    id: text('id'),
    name: text('name'),
    kind: text('level'),
    type: text('level'),
    level: text('level'),
    description: text('description'),
    ...SOURCE_IDS,
    ...ALIASES,
    code: text('code'),
    parent: text('parentId'),
    parentid: text('parentId'),
    ...TAGS,
  },
  Source: {
    id: text('id'),
    name: text('title'),
    title: text('title'),
    kind: text('kind'),
    type: text('kind'),
    url: text('url'),
    website: text('url'),
    publisher: text('publisher'),
    date: text('date'),
    language: text('language'),
    lang: text('language'),
    excerpt: text('excerpt'),
  },
};

export function nodeColumn(label: RecordLabel, key: string): Target | undefined {
  return NODE_COLUMNS[label][key];
}
