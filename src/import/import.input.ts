import { ArgsType, Field, InputType } from 'type-graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsBase64,
  IsBoolean,
  IsDefined,
  IsEnum,
  IsOptional,
  IsUrl,
  Length,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { GraphQLJSON } from 'graphql-scalars';
import { ImportErrorMode, ImportMatchMode } from './import.type';

/** How either mutation treats bad rows and likely duplicates. */
@ArgsType()
abstract class ImportModeArgs {
  @Field({ defaultValue: false, description: 'Validate and report every bad row, write nothing' })
  @IsBoolean()
  dryRun: boolean = false;

  @Field(() => ImportErrorMode, { defaultValue: ImportErrorMode.ABORT })
  @IsEnum(ImportErrorMode)
  onError: ImportErrorMode = ImportErrorMode.ABORT;

  @Field(() => ImportMatchMode, { defaultValue: ImportMatchMode.REPORT })
  @IsEnum(ImportMatchMode)
  match: ImportMatchMode = ImportMatchMode.REPORT;
}

@ArgsType()
export class ImportGraphArgs extends ImportModeArgs {
  @Field(() => GraphQLJSON, {
    description: 'A document in the import format of `npm run import`: { sources, territories, actors, initiatives, relationships }',
  })
  @IsDefined()
  data: unknown;
}

@InputType({ description: 'One file, as dropped on the explorer or read by a script' })
export class ImportFileInput {
  @Field({ description: 'The file name, whose extension tells its format: .xlsx, .csv, .json, .gexf, .graphml, .xml' })
  @Matches(/^[^/\\\u0000]{1,200}\.[A-Za-z0-9]{1,10}$/, { message: '$property must be a file name with an extension, without folders' })
  name: string;

  @Field({ description: 'The file\'s bytes in base64' })
  @IsBase64()
  @Length(1, 200_000_000)
  contentBase64: string;
}

@ArgsType()
export class ImportFilesArgs extends ImportModeArgs {
  @Field(() => [ImportFileInput], { description: 'Kumu, Gephi, GraphML or Cytoscape files, or files in the import format; Kumu\'s elements and connections CSV files come together' })
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => ImportFileInput)
  files: ImportFileInput[];

  @Field({ nullable: true, description: 'Title of the Source made for each file whose rows name none (default: the file name)' })
  @IsOptional()
  @Length(1, 500)
  sourceTitle?: string;

  @Field({ nullable: true, description: 'Where the file can be found again, for that Source' })
  @IsOptional()
  @IsUrl({ require_protocol: true, protocols: ['http', 'https'] })
  @MaxLength(2000)
  sourceUrl?: string;

  @Field({ nullable: true, description: 'Put before every id the files give, so that two files numbering their nodes alike stay apart' })
  @IsOptional()
  @Matches(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,49}$/, { message: '$property must be 1-50 letters, digits, ".", "_", ":" or "-", starting with a letter or digit' })
  idPrefix?: string;

  @Field(() => GraphQLJSON, { nullable: true, description: 'A type table laid over the defaults, as in `npm run import -- --map types.json`: { elements: { Type: { label, kind } }, connections: { Type: RELATIONSHIP_TYPE } }' })
  @IsOptional()
  typeMapping?: unknown;
}
