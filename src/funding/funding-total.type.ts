import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Money } from '../common/money';
import { GraphNode } from '../common/graph-node';
import { Actor } from '../actors/actor.type';
import { TransactionType } from '../relationships/transaction-type';

export enum FundingGroupBy {
  YEAR = 'YEAR',
  FUNDER = 'FUNDER',
  RECIPIENT = 'RECIPIENT',
  TRANSACTION_TYPE = 'TRANSACTION_TYPE',
  COUNTRY = 'COUNTRY',
}

registerEnumType(FundingGroupBy, {
  name: 'FundingGroupBy',
  valuesConfig: {
    YEAR: { description: 'The year of the value date (else of the start date)' },
    FUNDER: { description: 'The actor the money comes from' },
    RECIPIENT: { description: 'The actor or initiative it goes to' },
    TRANSACTION_TYPE: { description: 'The IATI transaction type (null for links entered without one)' },
    COUNTRY: {
      description:
        "The country the money is for: the link's recipientCountry (IATI recipient-country), else the recipient actor's countryCode, else the country a territory it acts in lies in",
    },
  },
});

@ObjectType({ description: 'Money of one funding stage, summed in one currency, for one group' })
export class FundingTotal {
  @Field(() => Money, { description: 'The sum of every counted flow converted into the requested currency, exactly' })
  amount: Money;

  @Field(() => Int, { description: 'How many FUNDS links (reported transactions) were counted' })
  flows: number;

  @Field(() => [Money], {
    description: 'Amounts that could not be converted (no rate for their currency at their date), summed per currency; not in amount',
  })
  unconverted: Money[];

  @Field(() => [String], { description: 'The dates of the exchange rates used, earliest first (empty when no conversion was needed)' })
  rateDates: string[];

  @Field(() => Int, { nullable: true, description: 'Set when grouped by YEAR' })
  year?: number | null;

  @Field(() => Actor, { nullable: true, description: 'Set when grouped by FUNDER' })
  funder?: Actor | null;

  @Field(() => GraphNode, { nullable: true, description: 'Set when grouped by RECIPIENT' })
  recipient?: GraphNode | null;

  @Field(() => TransactionType, { nullable: true, description: 'Set when grouped by TRANSACTION_TYPE' })
  transactionType?: TransactionType | null;

  @Field(() => String, { nullable: true, description: 'ISO 3166 code, set when grouped by COUNTRY' })
  country?: string | null;
}
