import { ArgsType, Field } from 'type-graphql';
import { IsEnum } from 'class-validator';
import { CsvTable, ExportFormat } from './export.type';

@ArgsType()
export class ExportArgs {
  @Field(() => ExportFormat)
  @IsEnum(ExportFormat)
  format: ExportFormat;

  @Field(() => CsvTable, {
    defaultValue: CsvTable.EDGES,
    description: 'CSV only: the connections (EDGES) or the elements (NODES) table; ask for both with two aliased fields',
  })
  @IsEnum(CsvTable)
  table: CsvTable = CsvTable.EDGES;
}
