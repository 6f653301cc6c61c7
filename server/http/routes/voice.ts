import { z } from 'zod';
import { synthesizeVoice, synthesizeVoiceInput } from '../../usecases/synthesizeVoice.ts';
import { defineRoute } from '../route.ts';

export const synthesizeRoute = defineRoute({
  method: 'post',
  path: '/api/voice/synthesize',
  summary: 'Generate speech from text',
  tags: ['voice'],
  body: synthesizeVoiceInput,
  success: {
    status: 200,
    description: 'Where to fetch the audio, its duration in seconds and format',
    schema: z.object({ audioUrl: z.string(), duration: z.number(), format: z.enum(['mp3', 'wav']) }),
  },
  errors: ['invalid_request', 'voice_unavailable'],
  handle: async ({ deps, body }) => ({ body: await synthesizeVoice(deps, body) }),
});
