import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../server/config.ts';

const base = { DATABASE_URL: 'postgres://u:p@db:5432/calmly', REDIS_URL: 'redis://cache:6379' };

describe('loadConfig', () => {
  it('applies defaults for a local run with no keys', () => {
    const c = loadConfig(base);
    expect(c.port).toBe(3000);
    expect(c.redis.prefix).toBe('calmly');
    expect(c.ai.primary).toBeUndefined();
    expect(c.ai.burstThreshold).toBe(10);
    expect(c.ai.fallback).toBe('builtin');
    expect(c.db.ssl).toBeUndefined();
    expect(c.version).toMatch(/^\d+\.\d+\.\d+/);
  });

  it("accepts the seed's variable names as aliases", () => {
    const c = loadConfig({
      REDIS_URL: base.REDIS_URL,
      VULTR_DB_CONNECTION_STRING: 'postgresql://vultr:secret@vultr-db:16751/defaultdb',
      VULTR_COMPUTE_ENDPOINT: 'https://inference.vultr.example.com/v1',
      VULTR_API_KEY: 'vultr_xxx',
      ELEVENLABS_API_KEY: 'el_xxx',
    });
    expect(c.db.url).toContain('vultr-db:16751');
    expect(c.ai.burst).toMatchObject({ baseURL: 'https://inference.vultr.example.com/v1', apiKey: 'vultr_xxx' });
    expect(c.voice.elevenLabsApiKey).toBe('el_xxx');
  });

  it('prefers our name over the alias when both are set', () => {
    const c = loadConfig({ ...base, VULTR_DB_CONNECTION_STRING: 'postgres://other/db' });
    expect(c.db.url).toBe(base.DATABASE_URL);
  });

  it('turns sslmode and a CA file into TLS options for managed Postgres', () => {
    expect(loadConfig({ ...base, DATABASE_URL: `${base.DATABASE_URL}?sslmode=require` }).db.ssl).toEqual({
      rejectUnauthorized: false,
    });
    expect(loadConfig({ ...base, DATABASE_URL: `${base.DATABASE_URL}?sslmode=verify-full` }).db.ssl).toEqual({
      rejectUnauthorized: true,
    });
    const dir = mkdtempSync(join(tmpdir(), 'calmly-ca-'));
    const ca = join(dir, 'ca.pem');
    writeFileSync(ca, '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
    const c = loadConfig({ ...base, DATABASE_URL: `${base.DATABASE_URL}?sslmode=require`, DATABASE_CA_FILE: ca });
    expect(c.db.ssl).toMatchObject({ rejectUnauthorized: true });
    expect(c.db.ssl?.ca).toContain('BEGIN CERTIFICATE');
  });

  it('fails once, clearly, naming every bad variable', () => {
    let error: unknown;
    try {
      loadConfig({ DATABASE_URL: 'mysql://x', PORT: 'eighty', AI_BASE_URL: 'not a url' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    for (const name of ['DATABASE_URL', 'REDIS_URL', 'PORT', 'AI_BASE_URL']) expect(message).toContain(name);
  });

  it('voice: safe limits and a bounded file store by default; S3 when a bucket is set', () => {
    const v = loadConfig(base).voice;
    expect(v).toMatchObject({ maxConcurrentPerUser: 2, maxConcurrent: 4 });
    expect(v.store).toEqual({ dir: '.data/audio', maxBytes: 1_073_741_824, s3: undefined });
    const s3 = loadConfig({
      ...base,
      VOICE_S3_BUCKET: 'clips',
      VOICE_S3_ENDPOINT: 'http://minio:9000',
      VOICE_S3_ACCESS_KEY_ID: 'id',
      VOICE_S3_SECRET_ACCESS_KEY: 'secret',
    }).voice.store.s3;
    expect(s3).toEqual({
      bucket: 'clips',
      prefix: 'calmly/audio/',
      endpoint: 'http://minio:9000',
      region: 'us-east-1',
      credentials: { accessKeyId: 'id', secretAccessKey: 'secret' },
    });
    expect(loadConfig({ ...base, VOICE_S3_BUCKET: 'b', AWS_REGION: 'eu-west-3' }).voice.store.s3).toMatchObject({
      region: 'eu-west-3',
      credentials: undefined,
    });
    expect(() => loadConfig({ ...base, VOICE_S3_BUCKET: 'b', VOICE_S3_ACCESS_KEY_ID: 'id' })).toThrow(
      /VOICE_S3_ACCESS_KEY_ID and VOICE_S3_SECRET_ACCESS_KEY go together/,
    );
    expect(() => loadConfig({ ...base, VOICE_MAX_CONCURRENT: '0' })).toThrow(/VOICE_MAX_CONCURRENT/);
  });

  describe('billing', () => {
    const stripe = {
      ...base,
      STRIPE_SECRET_KEY: 'sk_test_123',
      STRIPE_WEBHOOK_SECRET: 'whsec_abc',
      STRIPE_PRICE_ID: 'price_paid',
    };

    it('is off without STRIPE_SECRET_KEY, whatever else is set', () => {
      expect(loadConfig(base).billing).toBeUndefined();
      expect(
        loadConfig({ ...base, STRIPE_PRICE_ID: 'price_x', PLAN_FREE_MODEL_PER_MINUTE: '3' }).billing,
      ).toBeUndefined();
    });

    it("with the key: a free plan smaller than today, a paid plan with today's limits", () => {
      const b = loadConfig({ ...stripe, RATE_LIMIT_MODEL_PER_MINUTE: '45', AI_DAILY_TOKENS_PER_USER: '90000' }).billing;
      expect(b).toMatchObject({
        secretKey: 'sk_test_123',
        webhookSecret: 'whsec_abc',
        priceId: 'price_paid',
        api: undefined,
        returnUrl: 'http://localhost:3000',
      });
      expect(b?.plans).toEqual({
        free: { modelPerMinute: 10, dailyTokens: 20_000, hostedModel: false, hostedVoice: false },
        paid: { modelPerMinute: 45, dailyTokens: 90_000, hostedModel: true, hostedVoice: true },
      });
    });

    it('reads every plan setting', () => {
      const b = loadConfig({
        ...stripe,
        PLAN_FREE_MODEL_PER_MINUTE: '5',
        PLAN_PAID_MODEL_PER_MINUTE: '120',
        PLAN_FREE_DAILY_TOKENS: '0',
        PLAN_PAID_DAILY_TOKENS: '500000',
        PLAN_FREE_HOSTED_MODEL: 'true',
        PLAN_PAID_HOSTED_MODEL: 'false',
        PLAN_FREE_HOSTED_VOICE: 'yes',
        PLAN_PAID_HOSTED_VOICE: 'off',
      }).billing;
      expect(b?.plans).toEqual({
        free: { modelPerMinute: 5, dailyTokens: 0, hostedModel: true, hostedVoice: true },
        paid: { modelPerMinute: 120, dailyTokens: 500_000, hostedModel: false, hostedVoice: false },
      });
    });

    it('turns STRIPE_API_BASE into the SDK options and finds the return page', () => {
      expect(loadConfig({ ...stripe, STRIPE_API_BASE: 'http://127.0.0.1:12111' }).billing?.api).toEqual({
        host: '127.0.0.1',
        port: 12111,
        protocol: 'http',
      });
      expect(loadConfig({ ...stripe, STRIPE_API_BASE: 'https://stripe.internal' }).billing?.api).toEqual({
        host: 'stripe.internal',
        port: 443,
        protocol: 'https',
      });
      expect(loadConfig({ ...stripe, PUBLIC_URL: 'https://calmly.example.com/' }).billing?.returnUrl).toBe(
        'https://calmly.example.com',
      );
      expect(
        loadConfig({ ...stripe, PUBLIC_URL: 'https://a.example.com', BILLING_RETURN_URL: 'https://app.example.com/' })
          .billing?.returnUrl,
      ).toBe('https://app.example.com');
    });

    it('refuses an incomplete or malformed Stripe set-up, naming each variable', () => {
      expect(() => loadConfig({ ...base, STRIPE_SECRET_KEY: 'sk_test_123' })).toThrow(
        /STRIPE_WEBHOOK_SECRET: required with STRIPE_SECRET_KEY[\s\S]*STRIPE_PRICE_ID: required with STRIPE_SECRET_KEY/,
      );
      expect(() => loadConfig({ ...stripe, STRIPE_SECRET_KEY: 'pk_test_123' })).toThrow(/STRIPE_SECRET_KEY: must be/);
      expect(() => loadConfig({ ...stripe, STRIPE_WEBHOOK_SECRET: 'secret' })).toThrow(
        /STRIPE_WEBHOOK_SECRET: must be/,
      );
      expect(() => loadConfig({ ...stripe, STRIPE_PRICE_ID: 'prod_123' })).toThrow(/STRIPE_PRICE_ID: must be/);
      expect(() => loadConfig({ ...stripe, STRIPE_API_BASE: 'ftp://stripe' })).toThrow(/STRIPE_API_BASE/);
      expect(() => loadConfig({ ...stripe, PLAN_FREE_MODEL_PER_MINUTE: '0' })).toThrow(/PLAN_FREE_MODEL_PER_MINUTE/);
      expect(() => loadConfig({ ...stripe, PLAN_PAID_HOSTED_MODEL: 'maybe' })).toThrow(/PLAN_PAID_HOSTED_MODEL/);
      expect(() => loadConfig({ ...stripe, NODE_ENV: 'production' })).toThrow(/BILLING_RETURN_URL: required/);
    });
  });
});
