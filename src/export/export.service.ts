import type { NetworkData } from '../network/network.type';
import type { Sankey } from '../network/funding.type';
import { CONTENT_TYPES, CsvTable, ExportFile, ExportFormat, EXTENSIONS } from './export.type';
import { writeCytoscape } from './cytoscape.format';
import { writeGexf } from './gexf.format';
import { writeGraphml } from './graphml.format';
import { writeCsv } from './csv.format';
import { sankeyFromNetwork, sankeyJson } from './sankey.format';

export interface ExportOptions {
  /** Which CSV table; the other formats hold nodes and links in one file. */
  table?: CsvTable;
}

function file(format: ExportFormat, content: string): ExportFile {
  return { content, contentType: CONTENT_TYPES[format], extension: EXTENSIONS[format] };
}

/** Writes returned networks in the formats of visualisation tools. Pure: no database access. */
export class ExportService {
  export(network: NetworkData, format: ExportFormat, options: ExportOptions = {}): ExportFile {
    switch (format) {
      case ExportFormat.CYTOSCAPE:
        return file(format, writeCytoscape(network));
      case ExportFormat.GEXF:
        return file(format, writeGexf(network));
      case ExportFormat.GRAPHML:
        return file(format, writeGraphml(network));
      case ExportFormat.CSV:
        return file(format, writeCsv(network, options.table ?? CsvTable.EDGES));
      case ExportFormat.SANKEY:
        return file(format, JSON.stringify(sankeyFromNetwork(network)));
    }
  }

  /** fundingFlows' answer as a file. */
  exportSankey(sankey: Sankey): ExportFile {
    return file(ExportFormat.SANKEY, JSON.stringify(sankeyJson(sankey)));
  }
}
