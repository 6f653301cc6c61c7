// How each tone is spoken. A suggestion's tone label ("Calm and Professional", "Direct but Kind",
// a preferredTone like "assertive") maps to the coach's strategy, and each strategy has its own
// delivery: steadier for calm/professional, warmer and more expressive for empathetic, firmer and
// a little quicker for direct/assertive. One table for both voices keeps them in step.
import { strategyOf, type Strategy } from '../coach/tones.ts';

export type ToneStyle = Strategy | 'neutral';

export interface ElevenLabsSettings {
  stability: number;
  similarityBoost: number;
  style: number;
  speed: number;
  useSpeakerBoost: boolean;
}

export interface EspeakSettings {
  /** Words per minute (espeak-ng -s). */
  speed: number;
  /** 0–99 (espeak-ng -p). */
  pitch: number;
}

const el = (stability: number, style: number, speed: number): ElevenLabsSettings => ({
  stability,
  similarityBoost: 0.75,
  style,
  speed,
  useSpeakerBoost: true,
});

export const TONE_SETTINGS: Record<ToneStyle, { elevenLabs: ElevenLabsSettings; espeak: EspeakSettings }> = {
  neutral: { elevenLabs: el(0.5, 0.0, 1.0), espeak: { speed: 165, pitch: 50 } },
  process: { elevenLabs: el(0.75, 0.0, 0.95), espeak: { speed: 155, pitch: 45 } },
  acknowledge: { elevenLabs: el(0.45, 0.45, 0.92), espeak: { speed: 145, pitch: 55 } },
  direct: { elevenLabs: el(0.6, 0.2, 1.0), espeak: { speed: 170, pitch: 42 } },
  assertive: { elevenLabs: el(0.7, 0.3, 1.03), espeak: { speed: 175, pitch: 38 } },
  gentle: { elevenLabs: el(0.55, 0.35, 0.9), espeak: { speed: 140, pitch: 58 } },
  casual: { elevenLabs: el(0.4, 0.4, 1.05), espeak: { speed: 175, pitch: 55 } },
};

/** The delivery style for a tone label; unknown or missing tones are spoken neutrally. */
export function toneStyle(tone?: string | null): ToneStyle {
  if (!tone) return 'neutral';
  return strategyOf(tone) ?? 'neutral';
}
