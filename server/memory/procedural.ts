// Procedural memory: global coaching strategies and templates, versioned. Each put makes a new
// version; readers get the latest unless they ask for one.
import { defineScript, type CommandParser } from 'redis';
import type { Redis } from '../redis/client.ts';
import type { MemoryKeys } from './keys.ts';

export interface Procedure {
  name: string;
  version: number;
  content: string;
  agent: string | null;
  createdAt: string;
}

const NAME = /^[A-Za-z0-9_.-]{1,80}$/;

/** Stores the next version of a procedure and returns its number. Registered on the client (redis/client.ts). */
export const putProcedureVersion = defineScript({
  NUMBER_OF_KEYS: 2,
  SCRIPT: `
local v = redis.call('HINCRBY', KEYS[1], 'latest', 1)
redis.call('HSET', KEYS[1], 'v:' .. v, ARGV[1])
redis.call('SADD', KEYS[2], ARGV[2])
return v`,
  parseCommand(parser: CommandParser, procedureKey: string, namesKey: string, body: string, name: string) {
    parser.pushKeys([procedureKey, namesKey]);
    parser.push(body, name);
  },
  transformReply: undefined as unknown as () => number,
});

export function proceduralMemory(redis: Redis, keys: MemoryKeys) {
  const parse = (name: string, version: number, raw: string | null | undefined): Procedure | null => {
    if (!raw) return null;
    const p = JSON.parse(raw) as Omit<Procedure, 'name' | 'version'>;
    return { name, version, ...p };
  };
  return {
    async putProcedure(name: string, input: { content: string; agent?: string }): Promise<Procedure> {
      if (!NAME.test(name)) throw new Error(`procedure name must match ${NAME}`);
      const body = { content: input.content, agent: input.agent ?? null, createdAt: new Date().toISOString() };
      const version = await redis.putProcedureVersion(keys.procedure(name), keys.procedures(), JSON.stringify(body), name);
      return { name, version, ...body };
    },
    async getProcedure(name: string, version?: number): Promise<Procedure | null> {
      if (!NAME.test(name)) return null;
      const key = keys.procedure(name);
      const v = version ?? Number((await redis.hGet(key, 'latest')) ?? 0);
      if (!v) return null;
      return parse(name, v, await redis.hGet(key, `v:${v}`));
    },
    async listVersions(name: string): Promise<Procedure[]> {
      if (!NAME.test(name)) return [];
      const h = await redis.hGetAll(keys.procedure(name));
      return Object.entries(h)
        .filter(([f]) => f.startsWith('v:'))
        .map(([f, raw]) => parse(name, Number(f.slice(2)), raw)!)
        .sort((a, b) => b.version - a.version);
    },
    async listProcedures(): Promise<Array<{ name: string; latestVersion: number }>> {
      const names = (await redis.sMembers(keys.procedures())).sort();
      const latest = await Promise.all(names.map((n) => redis.hGet(keys.procedure(n), 'latest')));
      return names.map((name, i) => ({ name, latestVersion: Number(latest[i] ?? 0) }));
    },
  };
}
export type ProceduralMemory = ReturnType<typeof proceduralMemory>;
