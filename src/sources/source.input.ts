import { Field, ID, InputType } from 'type-graphql';
import { IsEnum, IsOptional, IsUrl, Length, Matches, MaxLength } from 'class-validator';
import { SourceKind } from './source.type';
import { IsNodeId, IsPartialDate, IsSha256 } from '../common/validation';
import { DateScalar } from '../common/date.scalar';

@InputType({ description: 'Creates a source, or updates the one with this id' })
export class SourceInput {
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsNodeId()
  id?: string;

  @Field()
  @Length(1, 500)
  title: string;

  @Field(() => SourceKind, { defaultValue: SourceKind.DOCUMENT })
  @IsEnum(SourceKind)
  kind: SourceKind = SourceKind.DOCUMENT;

  @Field({ nullable: true })
  @IsOptional()
  @IsUrl({ require_protocol: true, protocols: ['http', 'https'] })
  @MaxLength(2000)
  url?: string;

  @Field({ nullable: true })
  @IsOptional()
  @Length(1, 300)
  publisher?: string;

  @Field(() => DateScalar, { nullable: true })
  @IsOptional()
  @IsPartialDate()
  date?: string;

  @Field({ nullable: true })
  @IsOptional()
  @Matches(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, { message: '$property must be a BCP 47 language tag such as fr or es-BO' })
  language?: string;

  @Field({ nullable: true })
  @IsOptional()
  @MaxLength(5000)
  excerpt?: string;

  @Field({ nullable: true, description: 'sha256 of the file the source is, when it is one (an imported file): 64 lowercase hexadecimal characters' })
  @IsOptional()
  @IsSha256()
  checksum?: string;
}
