import { copyFileSync, existsSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import { CliIo, parseArguments, processIo } from '../common/cli';
import { defaultRatesDir, ECB_FILE, EcbRates, IMF_FILE, ImfRates, RatesFileError, readEcbFile, readImfFile } from './rates.repository';

/**
 * npm run rates -- [--ecb <file>] [--imf <file>] [--dir <folder>]
 *
 * Installs newer reference-rate files in seeds/rates/: the ECB's eurofxref-hist.csv (unzipped
 * from https://www.ecb.europa.eu/stats/eurofxref/eurofxref-hist.zip) and/or the IMF annual file
 * imf_exchangerates_A_ENDA_USD.csv (codeforIATI/imf-exchangerates). Every given file is read
 * with the loader the server uses first; when any of them does not parse, nothing is replaced.
 * The files are copied byte for byte, each under its fixed name, and the date range and
 * currency count of each are printed. A running server reads the rates once: restart it.
 *
 * Exit codes: 0 when the files were installed; 2 on a usage error or a file that cannot be read
 * or parsed (nothing replaced); 1 when writing into the folder failed.
 */

/** It reads no configuration: what it needs of a CLI's io is its output streams and folder. */
export type RatesCliIo = Pick<CliIo, 'stdout' | 'stderr' | 'cwd'>;

interface RatesOptions {
  ecb?: string;
  imf?: string;
  dir?: string;
}

function describeEcb(rates: EcbRates): string {
  return `${rates.firstDay} to ${rates.lastDay}, ${rates.days.length} business days, ${rates.currencies.length} currencies against EUR`;
}

function describeImf(rates: ImfRates): string {
  return `${rates.firstYear} to ${rates.lastYear}, ${rates.currencies.length} currencies against USD`;
}

/** What the file now in the folder holds, for the "was" line; null when there is none or it does not parse. */
function previous<T>(file: string, read: (file: string) => T, describe: (rates: T) => string): string | null {
  if (!existsSync(file)) return null;
  try {
    return describe(read(file));
  } catch {
    return null;
  }
}

function buildProgram(io: RatesCliIo): Command {
  return new Command('rates')
    .description('Install newer reference exchange-rate files in seeds/rates/ (checked with the server\'s loader first)')
    .option('--ecb <file>', `the ECB's daily euro reference rates, eurofxref-hist.csv (installed as ${ECB_FILE})`)
    .option('--imf <file>', `the IMF's annual end-of-period rates per USD (installed as ${IMF_FILE})`)
    .option('--dir <folder>', 'the rates folder to write into', defaultRatesDir())
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    })
    .showHelpAfterError('(run with --help for usage)');
}

interface Planned {
  label: 'ECB' | 'IMF';
  source: string;
  target: string;
  summary: string;
  was: string | null;
}

export function main(argv: string[], io: RatesCliIo = processIo()): number {
  const program = buildProgram(io);
  const stopped = parseArguments(program, argv);
  if (stopped !== null) return stopped;
  const options = program.opts<RatesOptions>();
  if (!options.ecb && !options.imf) {
    io.stderr.write('error: give --ecb <file>, --imf <file> or both (run with --help for usage)\n');
    return 2;
  }
  const dir = path.resolve(io.cwd, options.dir ?? defaultRatesDir());
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    io.stderr.write(`error: no such folder: ${dir}\n`);
    return 2;
  }

  const planned: Planned[] = [];
  const problems: string[] = [];
  const check = <T>(label: 'ECB' | 'IMF', given: string | undefined, name: string, read: (file: string) => T, describe: (rates: T) => string) => {
    if (!given) return;
    const source = path.resolve(io.cwd, given);
    const target = path.join(dir, name);
    try {
      if (!existsSync(source) || !statSync(source).isFile()) throw new RatesFileError(source, null, 'no such file');
      planned.push({ label, source, target, summary: describe(read(source)), was: previous(target, read, describe) });
    } catch (error) {
      if (!(error instanceof RatesFileError)) throw error;
      problems.push(`${label}: ${error.message}`);
    }
  };
  check('ECB', options.ecb, ECB_FILE, readEcbFile, describeEcb);
  check('IMF', options.imf, IMF_FILE, readImfFile, describeImf);
  if (problems.length) {
    for (const problem of problems) io.stderr.write(`error: ${problem}\n`);
    io.stderr.write(`nothing was replaced in ${dir}\n`);
    return 2;
  }

  // Copy every file next to its target first, then rename each over it: a failed copy replaces nothing.
  const temporary = planned.map((file) => `${file.target}.new-${process.pid}`);
  try {
    planned.forEach((file, i) => copyFileSync(file.source, temporary[i]));
    planned.forEach((file, i) => renameSync(temporary[i], file.target));
  } catch (error) {
    for (const file of temporary) rmSync(file, { force: true });
    io.stderr.write(`error: could not write into ${dir}: ${(error as Error).message}\n`);
    return 1;
  }
  for (const file of planned) {
    io.stdout.write(`${file.label}: ${file.target}\n  ${file.summary}\n`);
    if (file.was) io.stdout.write(`  (was ${file.was})\n`);
  }
  io.stdout.write('Restart the server to use the new rates, and update the provenance in seeds/rates/README.md.\n');
  return 0;
}

if (require.main === module) {
  process.exitCode = main(process.argv.slice(2));
}
