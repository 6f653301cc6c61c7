import { useEffect, useId, useState, type FormEvent } from 'react';
import { ApiError, getPreferences, putPreferences } from '../api/rest.ts';
import { humanize } from '../format.ts';
import { PREFERRED_TONES, type Preferences, type PreferredTone } from '../protocol.ts';
import { detailSentence } from '../session/errors.ts';
import { BillingSection } from './BillingSection.tsx';
import { RetryBanner } from './ErrorBanner.tsx';

const TONE_HELP: Record<PreferredTone, string> = {
  balanced: 'a mix of calm, empathetic and direct replies',
  professional: 'calm and professional first',
  empathetic: 'warm and understanding first',
  direct: 'clear and to the point first',
  assertive: 'firm about your needs first',
  gentle: 'soft and careful first',
  casual: 'relaxed and friendly first',
};

type Form = {
  preferredTone: PreferredTone;
  defaultAssertiveness: number;
  voiceEnabled: boolean;
  elevenLabsVoiceId: string;
};
type Load = { status: 'loading' } | { status: 'error'; message: string } | { status: 'ready' };

const assertivenessWords = (n: number) => (n <= 3 ? 'gentle' : n <= 7 ? 'balanced' : 'firm');

export function PreferencesPanel({ userId, billing = false }: { userId: string | null; billing?: boolean }) {
  const id = useId();
  const [load, setLoad] = useState<Load>({ status: 'loading' });
  const [form, setForm] = useState<Form | null>(null);
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [attempt, setAttempt] = useState(0);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `attempt` (Try again) is the trigger: it loads the preferences again
  useEffect(() => {
    if (!userId) return;
    const ac = new AbortController();
    setLoad({ status: 'loading' });
    getPreferences(userId, ac.signal)
      .then((p: Preferences) => {
        setForm({
          preferredTone: p.preferredTone,
          defaultAssertiveness: p.defaultAssertiveness,
          voiceEnabled: p.voiceEnabled,
          elevenLabsVoiceId: p.elevenLabsVoiceId ?? '',
        });
        setLoad({ status: 'ready' });
      })
      .catch((err: Error) => {
        if (err.name !== 'AbortError') setLoad({ status: 'error', message: err.message });
      });
    return () => ac.abort();
  }, [userId, attempt]);

  const update = <K extends keyof Form>(key: K, value: Form[K]) => {
    setForm((f) => (f ? { ...f, [key]: value } : f));
    setSaved(false);
    setFieldErrors((e) => {
      if (!e[key]) return e;
      const { [key]: _, ...rest } = e;
      return rest;
    });
  };

  const save = async (e: FormEvent) => {
    e.preventDefault();
    if (!form || !userId || saving) return;
    setSaving(true);
    setSaved(false);
    setError(null);
    setFieldErrors({});
    try {
      const voiceId = form.elevenLabsVoiceId.trim();
      const res = await putPreferences({
        userId,
        preferredTone: form.preferredTone,
        defaultAssertiveness: form.defaultAssertiveness,
        voiceEnabled: form.voiceEnabled,
        elevenLabsVoiceId: voiceId === '' ? null : voiceId,
      });
      const p = res.preferences;
      setForm({
        preferredTone: p.preferredTone,
        defaultAssertiveness: p.defaultAssertiveness,
        voiceEnabled: p.voiceEnabled,
        elevenLabsVoiceId: p.elevenLabsVoiceId ?? '',
      });
      setSaved(true);
    } catch (err) {
      if (err instanceof ApiError && err.details.length) {
        const byField: Record<string, string> = {};
        for (const d of err.details) byField[d.field] = detailSentence(d);
        setFieldErrors(byField);
        setError('Some settings were not accepted. Please check the highlighted fields.');
      } else {
        setError((err as Error).message || 'Your preferences could not be saved.');
      }
    } finally {
      setSaving(false);
    }
  };

  const fieldError = (field: keyof Form) =>
    fieldErrors[field] ? (
      <p id={`${id}-${field}-error`} className="field__error" data-testid={`pref-error-${field}`}>
        {fieldErrors[field]}
      </p>
    ) : null;
  const describedBy = (field: keyof Form, help?: string) =>
    [help, fieldErrors[field] ? `${id}-${field}-error` : null].filter(Boolean).join(' ') || undefined;

  return (
    <section id="preferences" className="panel" aria-labelledby={`${id}-title`} data-testid="preferences" tabIndex={-1}>
      <h2 id={`${id}-title`} className="panel__title">
        Preferences
      </h2>
      <p className="muted">How Calmly writes for you. Calmly also learns from the replies you choose.</p>
      {!userId || load.status === 'loading' ? (
        <div aria-busy="true" role="status" className="stack">
          <span className="sr-only">Loading your preferences…</span>
          <div className="skeleton skeleton--field" />
          <div className="skeleton skeleton--field" />
          <div className="skeleton skeleton--field skeleton--short" />
        </div>
      ) : load.status === 'error' ? (
        <RetryBanner message={load.message} onRetry={() => setAttempt((n) => n + 1)} />
      ) : form ? (
        <form className="stack" onSubmit={save} noValidate>
          <div className="field">
            <label htmlFor={`${id}-tone`}>Preferred tone</label>
            <select
              id={`${id}-tone`}
              data-testid="pref-tone"
              value={form.preferredTone}
              onChange={(e) => update('preferredTone', e.target.value as PreferredTone)}
              aria-invalid={Boolean(fieldErrors.preferredTone) || undefined}
              aria-describedby={describedBy('preferredTone', `${id}-tone-help`)}
            >
              {PREFERRED_TONES.map((t) => (
                <option key={t} value={t}>
                  {humanize(t)}
                </option>
              ))}
            </select>
            <p id={`${id}-tone-help`} className="muted small">
              Suggestions come {TONE_HELP[form.preferredTone]}.
            </p>
            {fieldError('preferredTone')}
          </div>

          <div className="field">
            <label htmlFor={`${id}-assert`}>
              Default assertiveness: <strong>{form.defaultAssertiveness}</strong> of 10 (
              {assertivenessWords(form.defaultAssertiveness)})
            </label>
            <input
              id={`${id}-assert`}
              type="range"
              min={1}
              max={10}
              step={1}
              data-testid="pref-assertiveness"
              value={form.defaultAssertiveness}
              onChange={(e) => update('defaultAssertiveness', Number(e.target.value))}
              aria-valuetext={`${form.defaultAssertiveness} of 10, ${assertivenessWords(form.defaultAssertiveness)}`}
              aria-invalid={Boolean(fieldErrors.defaultAssertiveness) || undefined}
              aria-describedby={describedBy('defaultAssertiveness', `${id}-assert-help`)}
            />
            <div id={`${id}-assert-help`} className="range-scale muted small" aria-hidden="true">
              <span>1 gentle</span>
              <span>10 firm</span>
            </div>
            {fieldError('defaultAssertiveness')}
          </div>

          <div className="field field--check">
            <input
              id={`${id}-voice`}
              type="checkbox"
              data-testid="pref-voice"
              checked={form.voiceEnabled}
              onChange={(e) => update('voiceEnabled', e.target.checked)}
              aria-describedby={describedBy('voiceEnabled', `${id}-voice-help`)}
            />
            <label htmlFor={`${id}-voice`}>Read my chosen reply aloud</label>
            <p id={`${id}-voice-help`} className="muted small field__help">
              When you choose a reply, Calmly speaks it so you can hear how it sounds.
            </p>
            {fieldError('voiceEnabled')}
          </div>

          <div className="field">
            <label htmlFor={`${id}-voice-id`}>ElevenLabs voice id (optional)</label>
            <input
              id={`${id}-voice-id`}
              type="text"
              data-testid="pref-voice-id"
              value={form.elevenLabsVoiceId}
              onChange={(e) => update('elevenLabsVoiceId', e.target.value)}
              autoComplete="off"
              spellCheck={false}
              placeholder="Leave empty for the default voice"
              aria-invalid={Boolean(fieldErrors.elevenLabsVoiceId) || undefined}
              aria-describedby={describedBy('elevenLabsVoiceId', `${id}-voice-id-help`)}
            />
            <p id={`${id}-voice-id-help`} className="muted small">
              Letters, digits, “_” or “-”, up to 128 characters.
            </p>
            {fieldError('elevenLabsVoiceId')}
          </div>

          <div className="form-actions">
            <button type="submit" className="btn btn--primary" data-testid="pref-save" disabled={saving}>
              {saving ? 'Saving…' : 'Save preferences'}
            </button>
            <span role="status" aria-live="polite" className="form-status">
              {saved ? (
                <span className="text-success" data-testid="pref-saved">
                  ✓ Preferences saved.
                </span>
              ) : null}
            </span>
          </div>
          {error ? (
            <div className="banner banner--error" role="alert" data-testid="pref-error">
              <p className="banner__text">{error}</p>
            </div>
          ) : null}
        </form>
      ) : null}
      {/* Only when the server has billing on (session:ready says so): nothing about plans otherwise. */}
      {billing ? <BillingSection userId={userId} /> : null}
    </section>
  );
}
