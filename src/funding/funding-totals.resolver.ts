import { Args, Query, Resolver } from 'type-graphql';
import { FundingTotal } from './funding-total.type';
import { FundingTotalsArgs } from './funding-totals.input';
import type { FundingTotalsService } from './funding-totals.service';

@Resolver()
export class FundingTotalsResolver {
  constructor(private readonly fundingTotalsService: FundingTotalsService) {}

  @Query(() => [FundingTotal], {
    description:
      'How much money of one stage went from funders to recipients, in one currency, optionally grouped; each reported flow counted once',
  })
  fundingTotals(@Args() args: FundingTotalsArgs): Promise<FundingTotal[]> {
    return this.fundingTotalsService.totals(args);
  }
}
