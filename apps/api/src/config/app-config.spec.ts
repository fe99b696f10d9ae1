import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from './app-config.js';

describe('parseConfig', () => {
  it('uses safe defaults for an empty environment (embedded mode)', () => {
    const config = parseConfig({});
    expect(config.PORT).toBe(3000);
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.ATENDE_DATA_DIR).toBe('./data');
    expect(config.ATENDE_SIGNUP).toBe(false);
    expect(config.ATENDE_ACCESS_TOKEN_TTL).toBe(900_000);
  });

  it('parses durations and flags', () => {
    const config = parseConfig({ ATENDE_ACCESS_TOKEN_TTL: '5m', ATENDE_SIGNUP: 'true', PORT: '8080' });
    expect(config.ATENDE_ACCESS_TOKEN_TTL).toBe(300_000);
    expect(config.ATENDE_SIGNUP).toBe(true);
    expect(config.PORT).toBe(8080);
  });

  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['DATABASE_URL', 'mysql://x'],
    ['REDIS_URL', 'http://localhost'],
    ['ATENDE_SECRET_KEY', 'short'],
    ['ATENDE_ADMIN_EMAIL', 'not-an-email'],
    ['ATENDE_ADMIN_SENHA', '123'],
    ['ATENDE_SIGNUP', 'maybe'],
    ['ATENDE_ACCESS_TOKEN_TTL', '15 minutes'],
    ['ATENDE_ROLE', 'frontend'],
    ['LOG_LEVEL', 'verbose'],
  ])('refuses %s=%s and names the variable', (variable, value) => {
    let thrown: unknown;
    try {
      parseConfig({ [variable]: value });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ConfigError);
    const configError = thrown as ConfigError;
    expect(configError.problems.map((p) => p.variable)).toEqual([variable]);
    expect(configError.message).toContain(variable);
  });
});
