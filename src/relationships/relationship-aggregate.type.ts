import { Field, Float, Int, ObjectType } from 'type-graphql';

@ObjectType({ description: 'min, max, sum and avg over the links that have the value; all null when none has it' })
export class NumberAggregate {
  @Field(() => Int, { description: 'How many of the links have the value' })
  count: number;

  @Field(() => Float, { nullable: true })
  min: number | null;

  @Field(() => Float, { nullable: true })
  max: number | null;

  @Field(() => Float, { nullable: true })
  sum: number | null;

  @Field(() => Float, { nullable: true })
  avg: number | null;
}

@ObjectType({ description: 'Over every link that matches (all pages), computed in the statement that reads the page' })
export class RelationshipAggregate {
  @Field(() => Int)
  count: number;

  @Field(() => NumberAggregate, { description: 'The amounts in euros, as amount.amountEur gives them (or the amount itself when in EUR)' })
  amountEur: NumberAggregate;

  @Field(() => NumberAggregate, { description: 'The year of the start date' })
  startYear: NumberAggregate;

  @Field(() => NumberAggregate, { description: 'The year of the end date' })
  endYear: NumberAggregate;
}
