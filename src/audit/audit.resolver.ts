import { Args, ArgsType, Field, ID, Int, Query, Resolver } from 'type-graphql';
import { Max, Min } from 'class-validator';
import { AuditEntry } from './audit.type';
import type { AuditService } from './audit.service';
import { IsNodeId } from '../common/validation';
import { Cost } from '../common/cost';

@ArgsType()
class HistoryArgs {
  @Field(() => ID)
  @IsNodeId()
  id: string;

  @Field(() => Int, { defaultValue: 50 })
  @Cost('rows')
  @Min(1)
  @Max(500)
  first: number = 50;
}

@Resolver(() => AuditEntry)
export class AuditResolver {
  constructor(private readonly audit: AuditService) {}

  @Query(() => [AuditEntry], { description: 'The audit trail of a node or relationship, newest first' })
  history(@Args() { id, first }: HistoryArgs): Promise<AuditEntry[]> {
    return this.audit.history(id, first);
  }
}
