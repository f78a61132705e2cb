import { list, num, Target, text } from './cells';

/**
 * Edges file, one row per relationship:
 *
 * | column                                   | field                                              |
 * |------------------------------------------|----------------------------------------------------|
 * | Id                                       | id; when empty, derived from type, from and to, so |
 * |                                          | two links of one type between the same two nodes   |
 * |                                          | need ids (otherwise the second is reported)        |
 * | Type                                     | type ("Partners with" and "partners_with" both     |
 * |                                          | give PARTNERS_WITH)                                |
 * | From, From Id / To, To Id                | fromId / toId                                      |
 * | Source IDs, Sources, Source Id, Source   | sourceIds (list; required, empty is reported)      |
 * | Role, Kind, Level, Instrument            | role, kind, level, instrument                      |
 * | Amount, Currency, Amount EUR             | amount: {amount, currency, amountEur} (Money)      |
 * | Via, Via Initiative, Via Initiative Id   | viaInitiativeId                                    |
 * | Start Date, Start, Date / End Date, End  | startDate / endDate                                |
 * | Description, Excerpt                     | description, excerpt                               |
 * | Direction                                | direction (Kumu's "directed", "undirected",        |
 * |                                          | "mutual": DIRECTED, UNDIRECTED, MUTUAL)            |
 * | Tags                                     | tags (list)                                        |
 *
 * Keys are normalised headers (see normaliseHeader).
 */
export const EDGE_COLUMNS: Record<string, Target> = {
  id: text('id'),
  type: { path: ['type'], convert: 'type' },
  from: text('fromId'),
  fromid: text('fromId'),
  to: text('toId'),
  toid: text('toId'),
  sourceids: list('sourceIds'),
  sources: list('sourceIds'),
  sourceid: list('sourceIds'),
  source: list('sourceIds'),
  role: text('role'),
  kind: text('kind'),
  level: text('level'),
  instrument: text('instrument'),
  amount: num('amount', 'amount'),
  currency: text('amount', 'currency'),
  amounteur: num('amount', 'amountEur'),
  via: text('viaInitiativeId'),
  viainitiative: text('viaInitiativeId'),
  viainitiativeid: text('viaInitiativeId'),
  startdate: text('startDate'),
  start: text('startDate'),
  date: text('startDate'),
  enddate: text('endDate'),
  end: text('endDate'),
  description: text('description'),
  excerpt: text('excerpt'),
  direction: { path: ['direction'], convert: 'type' },
  tags: list('tags'),
};
