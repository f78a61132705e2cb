import 'reflect-metadata';
import { writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { lexicographicSortSchema, printSchema } from 'graphql';
import { createSchema } from '../src/server/schema';
import { projectRoot } from '../src/common/paths';

export const SCHEMA_FILE = path.join(projectRoot(), 'schema', 'schema.graphql');

export async function renderSchema(): Promise<string> {
  const header = '# Generated from the type-graphql classes by `npm run schema`. Do not edit by hand.\n\n';
  return header + printSchema(lexicographicSortSchema(await createSchema(null))) + '\n';
}

if (require.main === module) {
  renderSchema()
    .then((text) => {
      mkdirSync(path.dirname(SCHEMA_FILE), { recursive: true });
      writeFileSync(SCHEMA_FILE, text);
      console.log(`wrote ${path.relative(process.cwd(), SCHEMA_FILE)}`);
    })
    .catch((error: unknown) => {
      console.error(error);
      process.exit(1);
    });
}
