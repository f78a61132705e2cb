import { ArgsType, Field } from 'type-graphql';
import { IsBoolean, IsDefined, IsEnum } from 'class-validator';
import { GraphQLJSON } from 'graphql-scalars';
import { ImportErrorMode } from './import.type';

@ArgsType()
export class ImportGraphArgs {
  @Field(() => GraphQLJSON, {
    description: 'A document in the import format of `npm run import`: { sources, territories, actors, initiatives, relationships }',
  })
  @IsDefined()
  data: unknown;

  @Field({ defaultValue: false, description: 'Validate and report every bad row, write nothing' })
  @IsBoolean()
  dryRun: boolean = false;

  @Field(() => ImportErrorMode, { defaultValue: ImportErrorMode.ABORT })
  @IsEnum(ImportErrorMode)
  onError: ImportErrorMode = ImportErrorMode.ABORT;
}
