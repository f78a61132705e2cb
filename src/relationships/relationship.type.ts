import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { GraphQLJSON } from 'graphql-scalars';
import { GraphNode } from '../common/graph-node';
import { Money } from '../common/money';
import { Scale } from '../common/scale';
import { DateScalar } from '../common/date.scalar';
import { TransactionType } from './transaction-type';
import { RELATIONSHIP_TYPES, RelationshipTypeName } from './relationship-kinds';
import { ATTRIBUTES_DESCRIPTION, FlatAttributes, TAGS_DESCRIPTION } from '../common/free-attributes';

export const RelationshipType = Object.fromEntries(RELATIONSHIP_TYPES.map((t) => [t, t])) as {
  [K in RelationshipTypeName]: K;
};
export type RelationshipType = RelationshipTypeName;

registerEnumType(RelationshipType, {
  name: 'RelationshipType',
  description: 'Relationship types; see the README for which node labels each may join',
  valuesConfig: {
    RELATED_TO: {
      description:
        'The generic link, between any two actors, initiatives or territories, for a connection that no other type fits (LittleSis\'s "Generic", FollowTheMoney\'s UnknownLink); `kind` holds the type the source gave it, e.g. "Employee/Founder"',
    },
  },
});

/** How a link reads, in Kumu's terms; a query's Direction (OUT, IN, BOTH) is another thing. */
export enum LinkDirection {
  DIRECTED = 'DIRECTED',
  UNDIRECTED = 'UNDIRECTED',
  MUTUAL = 'MUTUAL',
}

registerEnumType(LinkDirection, {
  name: 'LinkDirection',
  description: 'How a link reads, as Kumu draws it',
  valuesConfig: {
    DIRECTED: { description: 'From one end to the other, as every link is when nothing is said' },
    UNDIRECTED: { description: 'No direction: from and to are only the order the link was entered in' },
    MUTUAL: { description: 'Both ways at once' },
  },
});

export enum Direction {
  OUT = 'OUT',
  IN = 'IN',
  BOTH = 'BOTH',
}

registerEnumType(Direction, { name: 'Direction', description: 'Relative to the node the field is on' });

@ObjectType({ description: 'A typed, sourced, dated link between two nodes' })
export class Relationship {
  @Field(() => ID)
  id: string;

  @Field(() => RelationshipType)
  type: RelationshipTypeName;

  @Field(() => GraphNode)
  from: GraphNode;

  @Field(() => GraphNode)
  to: GraphNode;

  @Field(() => String, { nullable: true, description: 'LEADS, PARTICIPATES_IN, MEMBER_OF: role of the actor' })
  role: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'PARTNERS_WITH, SUPPORTS: kind of partnership or support; RELATED_TO: the type the source gave the link',
  })
  kind: string | null;

  @Field(() => Scale, { nullable: true, description: 'ARTICULATES: the policy level linked' })
  level: Scale | null;

  @Field(() => Money, { nullable: true, description: 'FUNDS: amount of the funding' })
  amount: Money | null;

  @Field(() => String, { nullable: true, description: 'FUNDS: grant, loan, in-kind...' })
  instrument: string | null;

  @Field(() => ID, { nullable: true, description: 'FUNDS: the initiative the money goes through' })
  viaInitiativeId: string | null;

  @Field(() => TransactionType, {
    nullable: true,
    description: 'FUNDS: the kind of reported transaction (IATI TransactionType: DISBURSEMENT, OUTGOING_COMMITMENT...); null for links entered without one',
  })
  transactionType: TransactionType | null;

  @Field(() => DateScalar, { nullable: true, description: 'FUNDS: the date the amount holds at (IATI value/@value-date, else the transaction date)' })
  valueDate: string | null;

  @Field(() => ID, { nullable: true, description: 'FUNDS: the actor that reported the transaction (the IATI reporting-org)' })
  reportingOrgId: string | null;

  @Field(() => ID, { nullable: true, description: 'FUNDS: the initiative (IATI activity) in whose report the transaction was published' })
  reportingActivityId: string | null;

  @Field(() => String, { nullable: true, description: 'FUNDS: ISO 3166 code of the country the money is for (IATI recipient-country)' })
  recipientCountry: string | null;

  @Field(() => DateScalar, { nullable: true })
  startDate: string | null;

  @Field(() => DateScalar, { nullable: true })
  endDate: string | null;

  @Field(() => String, { nullable: true })
  description: string | null;

  @Field(() => String, { nullable: true, description: 'Quote from the source that states the link' })
  excerpt: string | null;

  @Field(() => [ID])
  sourceIds: string[];

  @Field(() => LinkDirection, { nullable: true, description: 'How the link reads, when one was given; null means directed, from -> to' })
  direction: LinkDirection | null;

  @Field(() => [String], { description: TAGS_DESCRIPTION })
  tags: string[];

  @Field(() => GraphQLJSON, { nullable: true, description: ATTRIBUTES_DESCRIPTION })
  attributes: FlatAttributes | null;

  @Field()
  createdAt: string;

  @Field()
  updatedAt: string;
}
