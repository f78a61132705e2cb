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
    ['METRICS', 'sometimes'],
    ['METRICS_KEY', 'short'],
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

  it('reads metrics on by default, and their key', () => {
    expect(loadConfig({}).metrics).toEqual({ enabled: true, key: undefined });
    expect(loadConfig({ METRICS: 'false', METRICS_KEY: 'scrape-key-0123456789' }).metrics).toEqual({ enabled: false, key: 'scrape-key-0123456789' });
  });

  describe('JWT bearer tokens', () => {
    const issuer = { JWT_ISSUER: 'https://id.example.test/realms/g', JWT_AUDIENCE: 'governance-graph' };

    it('are off unless JWT_ISSUER is set', () => {
      expect(loadConfig({}).jwt).toBeUndefined();
    });

    it('take a JWKS URL or file, a roles claim and the values that make each role', () => {
      expect(loadConfig({ ...issuer, JWT_JWKS_URL: 'https://id.example.test/certs' }).jwt).toEqual({
        issuer: issuer.JWT_ISSUER,
        audience: 'governance-graph',
        jwks: { url: 'https://id.example.test/certs' },
        rolesClaim: 'roles',
        editorValues: ['editor'],
        readerValues: ['reader'],
        nameClaim: 'sub',
        clockToleranceSeconds: 30,
      });
      const custom = loadConfig({ ...issuer, JWT_JWKS_FILE: 'jwks.json', JWT_ROLES_CLAIM: 'realm_access.roles', JWT_EDITOR_VALUES: 'gg-editor, admin', JWT_READER_VALUES: 'gg-reader' }).jwt!;
      expect(custom.jwks).toEqual({ file: expect.stringMatching(/\/jwks\.json$/) });
      expect(custom).toMatchObject({ rolesClaim: 'realm_access.roles', editorValues: ['gg-editor', 'admin'], readerValues: ['gg-reader'] });
    });

    it.each<[string, Record<string, string>, string]>([
      ['no audience', { JWT_ISSUER: 'https://id.example.test', JWT_JWKS_URL: 'https://id.example.test/certs' }, 'JWT_AUDIENCE'],
      ['no key set', { ...issuer }, 'JWT_JWKS_URL'],
      ['both key sets', { ...issuer, JWT_JWKS_URL: 'https://id.example.test/certs', JWT_JWKS_FILE: 'jwks.json' }, 'JWT_JWKS_FILE'],
      ['a key set URL that is not http(s)', { ...issuer, JWT_JWKS_URL: 'file:///etc/jwks.json' }, 'JWT_JWKS_URL'],
      ['an audience without an issuer', { JWT_AUDIENCE: 'governance-graph' }, 'JWT_AUDIENCE'],
    ])('refuse %s, naming the variable', (_what, env, variable) => {
      expect(() => loadConfig(env)).toThrow(new RegExp(`^Invalid configuration: ${variable} `));
    });
  });
});
