import { ConfigError, loadConfig } from '../../src/config';

describe('config', () => {
  it('has working defaults', () => {
    const config = loadConfig({});
    expect(config.port).toBe(4000);
    expect(config.neo4j.uri).toBeUndefined();
    expect(config.neo4j.localPort).toBe(7687);
    expect(config.seed).toBe('auto');
    expect(config.neo4j.queryTimeoutMs).toBe(5000);
    expect(config.introspection).toBe(true);
    expect(loadConfig({ NODE_ENV: 'production' }).introspection).toBe(false);
  });

  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['NEO4J_URI', 'http://localhost:7474'],
    ['LOG_LEVEL', 'loud'],
    ['SEED', 'sometimes'],
    ['NEO4J_LOCAL_PORT', '0'],
    ['API_KEYS', 'alice:admin:0123456789abcdef'],
    ['API_KEYS', 'alice:editor:short'],
    ['READS_NEED_KEY', 'maybe'],
  ])('refuses %s=%s with a message naming the variable', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(`^Invalid configuration: ${name} `));
  });

  it('parses API keys as name:role:key entries', () => {
    const config = loadConfig({ API_KEYS: 'team-a:editor:0123456789abcdef, viewer:reader:fedcba9876543210' });
    expect(config.apiKeys).toEqual([
      { name: 'team-a', role: 'editor', key: '0123456789abcdef' },
      { name: 'viewer', role: 'reader', key: 'fedcba9876543210' },
    ]);
  });

  it('accepts bolt and neo4j URIs', () => {
    expect(loadConfig({ NEO4J_URI: 'neo4j+s://abc.databases.neo4j.io' }).neo4j.uri).toBe('neo4j+s://abc.databases.neo4j.io');
    expect(loadConfig({ NEO4J_URI: 'bolt://db:7687' }).neo4j.uri).toBe('bolt://db:7687');
  });
});
