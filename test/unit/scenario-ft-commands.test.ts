// The exact FT.* commands the query-engine index sends, serialised by node-redis' own command parsers
// (the same code `client.ft.create` / `client.ft.search` run), so what is asserted is what goes on the wire.
import { describe, expect, it } from 'vitest';
import { BasicCommandParser } from '@redis/client/dist/lib/client/parser.js';
import * as CREATE_MODULE from '@redis/search/dist/lib/commands/CREATE.js';
import * as SEARCH_NOCONTENT_MODULE from '@redis/search/dist/lib/commands/SEARCH_NOCONTENT.js';
import * as SEARCH_MODULE from '@redis/search/dist/lib/commands/SEARCH.js';
import {
  ftCreateCommand,
  ftKeywordCommand,
  ftKnnCommand,
  ftListCommand,
  type FtSearchCommand,
} from '../../server/scenarios/ft-commands.ts';
import { scenarioKeys } from '../../server/scenarios/keys.ts';

type Parse = (parser: BasicCommandParser, ...args: unknown[]) => void;
// CommonJS modules: depending on the interop, the command is the default export or nested under it.
const command = (m: unknown): { parseCommand: Parse } => {
  const o = m as { parseCommand?: Parse; default?: unknown };
  return o.parseCommand ? (o as { parseCommand: Parse }) : command(o.default);
};
const CREATE = command(CREATE_MODULE);
const SEARCH_NOCONTENT = command(SEARCH_NOCONTENT_MODULE);
const SEARCH = command(SEARCH_MODULE);
function argv(parse: Parse, ...args: unknown[]): Array<string | Buffer> {
  const parser = new BasicCommandParser();
  parse(parser, ...args);
  return parser.redisArgs as Array<string | Buffer>;
}
const search = (c: FtSearchCommand, parse: Parse) => argv(parse, c.index, c.query, c.options);

const keys = scenarioKeys('calmly');

describe('FT commands of the query-engine scenario index', () => {
  it('FT.CREATE: hash docs under the doc prefix, context TAG, sortable title, verbatim terms, HNSW COSINE FLOAT32 vector', () => {
    const c = ftCreateCommand(keys, 512);
    expect(argv(CREATE.parseCommand, c.index, c.schema, c.options)).toEqual([
      'FT.CREATE',
      'calmly:scenarios:idx',
      'ON',
      'HASH',
      'PREFIX',
      '1',
      'calmly:scenarios:doc:',
      'STOPWORDS',
      '0',
      'SCHEMA',
      'context',
      'TAG',
      'title',
      'TEXT',
      'SORTABLE',
      'terms',
      'TEXT',
      'NOSTEM',
      'vector',
      'VECTOR',
      'HNSW',
      '6',
      'TYPE',
      'FLOAT32',
      'DIM',
      '512',
      'DISTANCE_METRIC',
      'COSINE',
    ]);
  });

  it('KNN with a context filter, the vector as a FLOAT32 blob parameter, DIALECT 2', () => {
    const blob = Buffer.from(new Float32Array([0.5, -0.25]).buffer);
    const c = ftKnnCommand(keys, { context: 'work', k: 100, vector: blob });
    expect(search(c, SEARCH_NOCONTENT.parseCommand)).toEqual([
      'FT.SEARCH',
      'calmly:scenarios:idx',
      '(@context:{work})=>[KNN 100 @vector $BLOB EF_RUNTIME 400 AS dist]',
      'SORTBY',
      'dist',
      'ASC',
      'LIMIT',
      '0',
      '100',
      'PARAMS',
      '2',
      'BLOB',
      blob,
      'DIALECT',
      '2',
      'NOCONTENT',
    ]);
  });

  it('KNN over every context', () => {
    const c = ftKnnCommand(keys, { k: 5, vector: Buffer.alloc(8) });
    expect(c.query).toBe('(*)=>[KNN 5 @vector $BLOB EF_RUNTIME 400 AS dist]');
  });

  it('keyword candidates: any analysed query term in the terms field, filtered by context', () => {
    const c = ftKeywordCommand(keys, { context: 'friendship', terms: ['money', 'owe'], limit: 200 })!;
    expect(search(c, SEARCH_NOCONTENT.parseCommand)).toEqual([
      'FT.SEARCH',
      'calmly:scenarios:idx',
      '@context:{friendship} @terms:(money|owe)',
      'LIMIT',
      '0',
      '200',
      'DIALECT',
      '2',
      'NOCONTENT',
    ]);
    expect(ftKeywordCommand(keys, { terms: ['late'], limit: 10 })!.query).toBe('@terms:(late)');
  });

  it('keyword command drops anything that is not a plain term (no query-syntax injection) and is null when nothing is left', () => {
    expect(ftKeywordCommand(keys, { terms: ['a|b', '@x', 'ok'], limit: 10 })!.query).toBe('@terms:(ok)');
    expect(ftKeywordCommand(keys, { terms: ['}{', '-'], limit: 10 })).toBeNull();
  });

  it('listing without a query: by title, one page, the JSON field only', () => {
    const c = ftListCommand(keys, { context: 'relationship', offset: 20, size: 10 });
    expect(search(c, SEARCH.parseCommand)).toEqual([
      'FT.SEARCH',
      'calmly:scenarios:idx',
      '@context:{relationship}',
      'RETURN',
      '1',
      'json',
      'SORTBY',
      'title',
      'ASC',
      'LIMIT',
      '20',
      '10',
      'DIALECT',
      '2',
    ]);
    expect(ftListCommand(keys, { offset: 0, size: 10 }).query).toBe('*');
  });
});
