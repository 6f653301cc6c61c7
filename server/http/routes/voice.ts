import { z } from 'zod';
import { synthesizeVoice, synthesizeVoiceInput } from '../../usecases/synthesizeVoice.ts';
import { defineRoute } from '../route.ts';

export const synthesizeRoute = defineRoute({
  method: 'post',
  path: '/api/voice/synthesize',
  summary: 'Generate speech from text',
  description:
    'Produces the whole clip with the configured voice (ElevenLabs MP3, or the local espeak-ng WAV), keeps it for VOICE_CACHE_SECONDS and answers with where Calmly serves it (`GET /api/audio/{audioId}`). The same text, voice and tone is produced once and then served from the cache. `tone` is an extension.',
  tags: ['voice'],
  body: synthesizeVoiceInput,
  success: {
    status: 200,
    description: 'Where to fetch the audio, its duration in seconds (measured from the audio) and format',
    schema: z.object({
      audioUrl: z.string().meta({ example: '/api/audio/3f9a0c2d4b6e8f1a2c3d4e5f60718293.mp3' }),
      duration: z.number().meta({ example: 3.42 }),
      format: z.enum(['mp3', 'wav']),
    }),
  },
  errors: ['invalid_request', 'voice_unavailable', 'service_unavailable'],
  cost: 'model',
  handle: async ({ deps, body, signal }) => ({ body: await synthesizeVoice(deps, body, signal) }),
});
