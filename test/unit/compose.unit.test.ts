import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { CONFIG_ENV_VARS, loadConfig } from '../../src/config';

const root = path.resolve(__dirname, '../..');
const compose = parse(readFileSync(path.join(root, 'docker-compose.yml'), 'utf8'));

describe('docker-compose.yml', () => {
  it('has a neo4j 5.26 service with a health check and a volume, and the api', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['api', 'neo4j']);
    expect(compose.services.neo4j.image).toBe('neo4j:5.26-community');
    expect(compose.services.neo4j.healthcheck.test).toBeDefined();
    expect(compose.services.neo4j.volumes).toContain('neo4j-data:/data');
    expect(compose.volumes).toHaveProperty('neo4j-data');
    expect(compose.services.neo4j.ports).toEqual(expect.arrayContaining(['7687:7687']));
  });

  it('starts the api after neo4j is healthy, built from the Dockerfile', () => {
    const api = compose.services.api;
    expect(api.depends_on.neo4j.condition).toBe('service_healthy');
    expect(api.build.dockerfile).toBe('Dockerfile');
    // The image runs the Node major that CI unpacks when the system Node is older (.ci/run's NODE_VERSION).
    const ciNode = /^NODE_VERSION=(\d+)\./m.exec(readFileSync(path.join(root, '.ci', 'run'), 'utf8'))?.[1];
    expect(Number(ciNode)).toBeGreaterThanOrEqual(24);
    expect(readFileSync(path.join(root, 'Dockerfile'), 'utf8')).toMatch(new RegExp(`FROM node:${ciNode}[^\\n]* AS build[\\s\\S]*FROM node:${ciNode}-`));
  });

  it('configures the api only through variables the config module reads, with valid values', () => {
    const env: Record<string, string> = compose.services.api.environment;
    for (const name of Object.keys(env)) expect(CONFIG_ENV_VARS).toContain(name);
    const resolved = Object.fromEntries(
      Object.entries(env).map(([k, v]) => [k, String(v).replace(/\$\{[A-Z_]+:-([^}]*)\}/g, '$1')]),
    );
    const config = loadConfig(resolved as never);
    expect(config.neo4j.uri).toBe('bolt://neo4j:7687');
    const publishedPort = compose.services.api.ports[0].split(':')[1];
    expect(String(config.port)).toBe(publishedPort);
  });

  it('points the api at the neo4j service on its Bolt port', () => {
    const uri = new URL(compose.services.api.environment.NEO4J_URI);
    expect(uri.hostname).toBe('neo4j');
    expect(compose.services.neo4j.ports).toContain(`${uri.port}:${uri.port}`);
  });
});
