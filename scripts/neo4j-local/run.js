#!/usr/bin/env node
// `npm run neo4j`: local Neo4j (Bolt on 127.0.0.1, auth disabled) in the foreground, no Docker.
// Port: NEO4J_LOCAL_PORT (default 7687); data: NEO4J_LOCAL_DATA (default .neo4j-data/ in the
// current dir). Builds the launcher with Maven first when needed. Plain JS: runs without a TS build.
'use strict';
const { spawn, spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const dir = __dirname;
const mtime = (f) => (fs.existsSync(path.join(dir, f)) ? fs.statSync(path.join(dir, f)).mtimeMs : -1);
const stamp = mtime('target/.build-stamp'); // same stamp as src/db/local-neo4j.launcher.ts
const built =
  stamp >= 0 &&
  mtime('target/classes/neo4jlocal/Neo4jLocal.class') >= 0 &&
  fs.existsSync(path.join(dir, 'target/lib')) &&
  ['pom.xml', 'src/main/java/neo4jlocal/Neo4jLocal.java'].every((f) => mtime(f) <= stamp);
if (!built) {
  console.error('neo4j-local: building launcher (mvn -q -B package -DskipTests) ...');
  const r = spawnSync(process.env.MVN || 'mvn', ['-q', '-B', 'package', '-DskipTests'], { cwd: dir, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status || 1);
  fs.writeFileSync(path.join(dir, 'target/.build-stamp'), 'built by run.js\n');
}

// .ci/run builds the launcher up front, so that test start-up measures only Neo4j itself.
if (process.argv.includes('--build-only')) process.exit(0);

const java = process.env.JAVA_HOME ? path.join(process.env.JAVA_HOME, 'bin', 'java') : 'java';
const cp = [path.join(dir, 'target/classes'), path.join(dir, 'target/lib/*')].join(path.delimiter);
const child = spawn(
  java,
  [
    '-Xmx1g', '-XX:+UseSerialGC', '-XX:+ExitOnOutOfMemoryError',
    '--add-opens=java.base/java.nio=ALL-UNNAMED', '--add-opens=java.base/java.io=ALL-UNNAMED',
    '--add-opens=java.base/sun.nio.ch=ALL-UNNAMED', '-Dlog4j2.disable.jmx=true',
    '-cp', cp, 'neo4jlocal.Neo4jLocal', ...process.argv.slice(2),
  ],
  { stdio: 'inherit', env: { ...process.env, NEO4J_LOCAL_PARENT_PID: String(process.pid) } },
);
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('error', (e) => {
  console.error(`neo4j-local: cannot run ${java}: ${e.message}`);
  process.exit(1);
});
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
