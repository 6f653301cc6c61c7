import { expect } from 'vitest';
import { request as httpRequest } from 'node:http';
import { errorResponse } from '../../server/usecases/schemas.ts';

export interface JsonResponse<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

export async function call<T = any>(
  baseUrl: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<JsonResponse<T>> {
  const init: RequestInit = { method, headers: { ...headers } };
  if (body !== undefined) {
    init.body = typeof body === 'string' || body instanceof Uint8Array ? body : JSON.stringify(body);
    (init.headers as Record<string, string>)['content-type'] ??= 'application/json';
  }
  const res = await fetch(baseUrl + path, init);
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // non-JSON bodies are returned as text for the assertion to show
  }
  return { status: res.status, body: parsed as T, headers: res.headers };
}

/** Every error, whatever its status, has one shape and a stable code. */
export function expectError(res: JsonResponse, status: number, code: string, field?: string): void {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  expect(errorResponse.safeParse(res.body).success, JSON.stringify(res.body)).toBe(true);
  expect(res.body.error.code).toBe(code);
  expect(JSON.stringify(res.body)).not.toMatch(/\bat [\w.<>]+ \(|node:internal|\.ts:\d+/);
  if (field) expect(res.body.error.details.map((d: { field: string }) => d.field)).toContain(field);
}

/**
 * A request through node:http, for what fetch will not let a test set (Host) and for the answer
 * exactly as sent. The body, when given, is JSON.
 */
export function rawRequest(
  url: string,
  method: string,
  headers: Record<string, string>,
  body?: string,
): Promise<{ status: number; headers: Record<string, unknown>; body: any }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      url,
      { method, headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...headers } },
      (res) => {
        let data = '';
        res.setEncoding('utf8');
        res.on('data', (c) => (data += c));
        res.on('end', () => {
          let parsed: unknown = data;
          try {
            parsed = JSON.parse(data);
          } catch {
            // left as text
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: parsed });
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
