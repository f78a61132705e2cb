import { Args, FieldResolver, Resolver, Root } from 'type-graphql';
import { Network } from '../network/network.type';
import type { ExportService } from './export.service';
import { ExportArgs } from './export.input';

@Resolver(() => Network)
export class NetworkExportResolver {
  constructor(private readonly exports: ExportService) {}

  @FieldResolver(() => String, {
    description: 'This network as a file of the given format (text; JSON for CYTOSCAPE and SANKEY). GET /export/{format} downloads the same files',
  })
  export(@Root() network: Network, @Args() { format, table }: ExportArgs): string {
    return this.exports.export(network, format, { table }).content;
  }
}
