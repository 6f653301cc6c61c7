// A clip POST /api/voice/synthesize (or a live session) produced, from the audio cache. Public: a
// clip's id is a SHA-256 of what was spoken and how, unguessable without the text (see README).
import { z } from 'zod';
import type { Ports } from '../ports.ts';
import { notFound } from '../errors.ts';
import { defineOperation } from '../operations/operation.ts';
import type { CachedAudio } from '../voice/cache.ts';

const audioIdParam = z
  .string()
  .regex(/^[a-f0-9]{32}(\.(mp3|wav))?$/, 'must be an audio id (32 hex characters) with an optional .mp3 or .wav')
  .meta({ example: '3f9a0c2d4b6e8f1a2c3d4e5f60718293.mp3' });

export async function getAudio(
  deps: Pick<Ports, 'audio'>,
  idWithExtension: string,
): Promise<CachedAudio & { audioId: string }> {
  const [audioId = '', ext] = idWithExtension.split('.');
  const clip = await deps.audio.get(audioId);
  if (!clip || (ext && ext !== clip.format)) throw notFound('This audio does not exist or has expired.');
  return { ...clip, audioId };
}

export const getAudioOperation = defineOperation({
  name: 'get_audio',
  input: z.object({ audioId: audioIdParam }),
  output: z.custom<CachedAudio & { audioId: string }>(),
  cost: 'public',
  user: 'none',
  run: (deps, input) => getAudio(deps, input.audioId),
});
