import { Args, ArgsType, Field, Int, Query, Resolver } from 'type-graphql';
import { Length, Max, Min } from 'class-validator';
import { SearchHit } from './search.type';
import type { SearchService } from './search.service';
import { toGraphNode } from '../common/node-mappers';
import { Cost } from '../common/cost';

@ArgsType()
class SearchArgs {
  @Field({ description: 'Words to find in names, aliases and acronyms; accents and case are ignored' })
  @Length(1, 200)
  text: string;

  @Field(() => Int, { defaultValue: 20 })
  @Cost('rows')
  @Min(1)
  @Max(100)
  first: number = 20;
}

@Resolver(() => SearchHit)
export class SearchResolver {
  constructor(private readonly searchService: SearchService) {}

  @Query(() => [SearchHit], { description: 'Full-text search across actors, initiatives and territories' })
  async search(@Args() { text, first }: SearchArgs): Promise<SearchHit[]> {
    const rows = await this.searchService.search(text, first);
    return rows.map((row) => ({ node: toGraphNode(row.label, row.props), label: row.label, score: row.score }));
  }
}
