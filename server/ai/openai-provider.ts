// The coach on OpenAI-compatible endpoints (through the Router), with the built-in coach as the
// safety net:
// - analyze: one structured-output call, validated with zod; one retry on invalid output, then the
//   built-in analyzer (`source` says which answered).
// - generate: three parallel streams, one per tone, plus context detection in parallel when no
//   context was given. Each variant streams its reply tokens and ends with its explanation.
//   Invalid output or a mid-stream failure: `reset` for that variant, one retry, then the built-in
//   variant for that tone.
// - refine: one stream, any adjustment wording.
// When no endpoint can answer: the built-in coach (fallback 'builtin') or AppError('ai_unavailable').
import {
  briefOf,
  parseAdjustment,
  refine as builtinRefine,
  understand,
  type AdjustmentRequest,
  type Understanding,
} from '../coach/index.ts';
import { planTones } from '../coach/tones.ts';
import { SAFETY_HELP } from '../coach/lexicon/safety.ts';
import { screenSafety } from '../coach/safety.ts';
import type { Analysis, RefinedResponse, SafetyFlag, Suggestion } from '../../machines/domain/types.ts';
import { AppError } from '../errors.ts';
import { builtinGeneration, createBuiltinProvider, suggestionEvents } from './builtin.ts';
import { Channel } from './channel.ts';
import { isAbort, type UpstreamStream } from './endpoint.ts';
import { ANALYSIS_JSON_SCHEMA, modelAnalysis } from './analysis-output.ts';
import {
  CHANGES_MARKER,
  EXPLANATION_MARKER,
  TONE_GUIDES,
  analysisMessages,
  refineMessages,
  variantMessages,
  type ChatMessage,
} from './prompts.ts';
import {
  BUILTIN_MODEL,
  ZERO_USAGE,
  addUsage,
  modelLabel,
  type AnalyzeRequest,
  type AnalyzeResult,
  type CoachEvent,
  type ModelProvider,
  type GenerateRequest,
  type ProviderStats,
  type RefineRequest,
  type Usage,
} from './provider.ts';
import { NoEndpointError, silentLog, type AiLog, type Router } from './router.ts';
import { MarkerSplitter, listItems } from './stream-split.ts';
import { cpuTurn } from '../cpu-turn.ts';
import { stripControls } from './normalise.ts';
import {
  REFINED_BOUNDS,
  SUGGESTION_BOUNDS,
  StreamGuard,
  changesReason,
  cleanExplanation,
  cleanReply,
  explanationReason,
  type OutputCheck,
  type TextBounds,
} from './validate-output.ts';

/** How one streamed answer is split and checked. */
interface StreamSpec {
  /** The line between the reply and the rest (explanation, changes). */
  marker: string;
  bounds: TextBounds;
  check: OutputCheck;
  /** Why the text after the marker must not be shown, or null. */
  tailReason: (tail: string) => string | null;
}

export interface OpenAICoachOptions {
  router: Router;
  /** What answers when no endpoint can: the built-in coach, or nothing (503 ai_unavailable). */
  fallback: 'builtin' | 'none';
  log?: AiLog;
}

/** One request read from an adjustment, in words for the model's prompt. */
function describeRequest(r: AdjustmentRequest): string {
  const op = r.op.replace(/_/g, ' ');
  if (r.fact) return `add the fact: ${r.fact}`;
  if (r.target) return `${op}: ${r.target}`;
  if (r.name) return `use the name ${r.name}`;
  return op;
}

/** The first {...} object in a model's answer (tolerates code fences and prose around it). */
export function extractJson(text: string): unknown {
  const t = text.trim().replace(/^```(?:json)?\s*|\s*```$/g, '');
  try {
    return JSON.parse(t);
  } catch {
    const start = t.indexOf('{');
    const end = t.lastIndexOf('}');
    if (start < 0 || end <= start) return undefined;
    try {
      return JSON.parse(t.slice(start, end + 1));
    } catch {
      return undefined;
    }
  }
}

/** The built-in screen's flag wins (it carries vetted help text); a model-only flag gets that help text too. */
function mergeSafety(local: SafetyFlag, model: { flag: boolean; category: SafetyFlag['category'] }): SafetyFlag {
  if (local.flag) return local;
  if (model.flag && model.category) return { flag: true, category: model.category, ...SAFETY_HELP[model.category] };
  return local;
}

/** What a model stream produced that passed the checks. */
interface ModelAnswer {
  reply: string;
  tail: string;
  model: string;
}
/** Why the built-in coach answers instead: no endpoint answered, or the model's output failed the checks. */
interface Fallback {
  fallback: 'unavailable' | 'rejected';
}

/** The note telling the person whose words they are reading when the built-in coach stood in. */
export function fallbackNoteFor(fallbacks: readonly Fallback['fallback'][], total: number): string | null {
  if (!fallbacks.length) return null;
  const rejected = fallbacks.includes('rejected');
  const unavailable = fallbacks.includes('unavailable');
  if (fallbacks.length < total) {
    if (rejected && !unavailable)
      return "Some suggestions come from the built-in coach because the AI model's did not pass Calmly's checks.";
    return 'Some suggestions come from the built-in coach because the AI model could not provide them.';
  }
  if (rejected && !unavailable)
    return "The AI model's suggestions did not pass Calmly's checks, so the built-in coach wrote these instead.";
  if (unavailable && !rejected) return 'The AI model was unavailable, so the built-in coach wrote these suggestions.';
  return "The AI model was unavailable or its suggestions did not pass Calmly's checks, so the built-in coach wrote these.";
}

const unavailable = (err: NoEndpointError) =>
  new AppError('ai_unavailable', 'The AI model is unavailable right now. Please try again shortly.', undefined, {
    causes: err.causes.length,
  });

export function createOpenAICoach(opts: OpenAICoachOptions): ModelProvider {
  const { router, fallback } = opts;
  const log = opts.log ?? silentLog;
  const builtin = createBuiltinProvider();
  let builtinFallbacks = 0;

  /** Where no endpoint answered: the policy decides between the built-in answer and a 503. */
  function onUnavailable(err: unknown): void {
    if (!(err instanceof NoEndpointError)) throw err;
    if (fallback === 'none') throw unavailable(err);
    builtinFallbacks++;
    log.warn({ causes: err.causes }, 'no AI endpoint answered; the built-in coach answers');
  }

  async function analyze(input: AnalyzeRequest, signal?: AbortSignal, local?: Analysis): Promise<AnalyzeResult> {
    signal?.throwIfAborted();
    local ??= understand(input.situation, input.scenarios).analysis;
    const messages = analysisMessages(input.situation, input.scenarios);
    let usage: Usage = ZERO_USAGE;
    for (let attempt = 1; attempt <= 2; attempt++) {
      let r;
      try {
        r = await router.complete(messages, signal, { name: 'situation_analysis', schema: ANALYSIS_JSON_SCHEMA });
      } catch (err) {
        onUnavailable(err);
        return { analysis: local, model: BUILTIN_MODEL, source: 'builtin', usage };
      }
      usage = addUsage(usage, r.usage);
      const parsed = modelAnalysis.safeParse(extractJson(r.content));
      if (parsed.success) {
        const a = parsed.data;
        // The model classifies; who it is about, the goal and any question come from the frame.
        const analysis: Analysis = {
          ...local,
          context: a.context,
          confidence: a.confidence,
          emotionalTone: a.emotionalTone,
          keyElements: a.keyElements,
          safety: mergeSafety(local.safety, a.safety),
        };
        return { analysis, model: r.model, source: 'ai', usage };
      }
      log.warn(
        { endpoint: r.endpoint.name, attempt, issues: parsed.error.issues.slice(0, 3).map((i) => i.message) },
        'AI analysis output invalid',
      );
    }
    builtinFallbacks++;
    return { analysis: local, model: BUILTIN_MODEL, source: 'builtin', usage };
  }

  interface StreamOutcome {
    /** Reply text and the text after the marker, or why the attempt failed. */
    reply?: string;
    tail?: string;
    failure?: string;
    streamed: boolean;
    upstream: UpstreamStream;
  }

  /**
   * Runs one upstream stream, emitting reply tokens only once the guard has passed them (it holds
   * back the last words until they are decided); stops early on certainly-invalid output.
   */
  async function runStream(up: UpstreamStream, spec: StreamSpec, emit: (text: string) => void): Promise<StreamOutcome> {
    const split = new MarkerSplitter(spec.marker);
    const guard = new StreamGuard(spec.bounds, spec.check);
    let streamed = false;
    const show = (text: string) => {
      if (!text) return;
      streamed = true;
      emit(text);
    };
    const feed = (delta: string): string | null => {
      const piece = split.push(delta);
      if (!piece) return null;
      const step = guard.push(piece);
      show(step.release);
      return step.failure;
    };
    try {
      let bad = up.first ? feed(up.first) : null;
      if (!bad) {
        await up.forEach((delta) => {
          bad = feed(delta);
          return bad === null;
        });
      }
      if (bad) {
        up.close();
        return { failure: bad, streamed, upstream: up };
      }
    } catch (err) {
      if (isAbort(err)) throw err;
      up.close();
      return { failure: err instanceof Error ? err.message : String(err), streamed, upstream: up };
    }
    await cpuTurn(); // the whole reply's checks
    const end = split.end();
    const last = guard.push(end.flush);
    show(last.release);
    // The whole reply and the text after the marker (explanation, changes) pass before the held words go.
    const done = last.failure ? last : guard.end(spec.tailReason(end.tail));
    if (done.failure) return { failure: done.failure, streamed, upstream: up };
    show(done.release);
    return { reply: guard.text, tail: end.tail, streamed, upstream: up };
  }

  /**
   * One streamed answer with the retry policy: up to two model attempts (a reset between them
   * when tokens were shown). Returns the accepted outcome, or why the built-in coach must answer:
   * no endpoint answered, or what the model wrote failed the output checks.
   */
  async function streamWithRetry(
    id: string,
    messages: ChatMessage[],
    spec: StreamSpec,
    push: (e: CoachEvent) => void,
    signal: AbortSignal,
    account: (u: Usage) => void,
  ): Promise<ModelAnswer | Fallback> {
    let avoid: UpstreamStream['endpoint'] | undefined;
    let rejected = false;
    for (let attempt = 1; attempt <= 2; attempt++) {
      let up: UpstreamStream;
      try {
        up = await router.openStream(messages, signal, avoid);
      } catch (err) {
        if (isAbort(err) || signal.aborted) throw signal.reason ?? err;
        onUnavailable(err);
        return { fallback: rejected ? 'rejected' : 'unavailable' };
      }
      const out = await runStream(up, spec, (text) => push({ type: 'token', responseId: id, text }));
      account(up.usage);
      if (out.reply !== undefined) {
        let reply = out.reply;
        const clean = cleanReply(reply);
        if (clean !== reply) {
          push({ type: 'reset', responseId: id, reason: 'tidied' });
          push({ type: 'token', responseId: id, text: clean });
          reply = clean;
        }
        return { reply, tail: out.tail ?? '', model: up.model };
      }
      if (out.streamed) push({ type: 'reset', responseId: id, reason: out.failure ?? 'invalid output' });
      log.warn({ endpoint: up.endpoint.name, responseId: id, attempt, reason: out.failure }, 'AI output rejected');
      rejected = true;
      avoid = up.endpoint;
    }
    builtinFallbacks++;
    return { fallback: 'rejected' };
  }

  async function* generate(input: GenerateRequest, callerSignal?: AbortSignal): AsyncGenerator<CoachEvent> {
    await cpuTurn(); // reading the situation is the heavy part of starting (server/cpu-turn.ts)
    callerSignal?.throwIfAborted();
    // Flagged situations get the built-in coach's vetted safety-first replies and help text.
    const safety = input.analysis?.safety ?? screenSafety(input.situation);
    if (safety.flag && !input.notSafety) {
      yield* builtin.generate(input, callerSignal);
      return;
    }
    // The frame (~0.5 ms) goes into every prompt, so it is computed before the requests go out.
    const understood: Understanding = understand(input.situation, input.scenarios, safety);
    const brief = briefOf(understood.frame);
    const detected = input.context || input.analysis ? undefined : understood.analysis;
    const context = input.context ?? input.analysis?.context ?? detected!.context;
    const plan = planTones(context, input.preferences, input.patterns);
    let fallbackSet: ReturnType<typeof builtinGeneration> | undefined;
    const fallbackGeneration = () =>
      (fallbackSet ??= builtinGeneration({ ...input, context, analysis: input.analysis ?? detected }));

    const ctl = new AbortController();
    const signal = callerSignal ? AbortSignal.any([callerSignal, ctl.signal]) : ctl.signal;
    const channel = new Channel<CoachEvent>();
    let usage: Usage = ZERO_USAGE;
    const models: string[] = [];
    const fallbacks: Fallback['fallback'][] = [];
    const notes = [...plan.notes];
    const scenario = input.scenarios?.find((s) => s.relevanceScore >= 0.5 && s.context === context);
    if (scenario) notes.push(`Drew on the '${scenario.title}' scenario.`);
    const account = (u: Usage) => {
      usage = addUsage(usage, u);
    };
    const variants = plan.tones.map((t, i) => ({ id: `resp_${i + 1}`, tone: t.label, strategy: t.strategy }));
    // Contacts the person wrote may come back in a reply; anything else a model adds may not.
    const check: OutputCheck = { input: [input.situation] };
    const variantSpec: StreamSpec = {
      marker: EXPLANATION_MARKER,
      bounds: SUGGESTION_BOUNDS,
      check,
      tailReason: (tail) => explanationReason(cleanExplanation(tail), check),
    };
    for (const v of variants) channel.push({ type: 'start', responseId: v.id, tone: v.tone });

    const analysisTask = (async () => {
      if (input.analysis) {
        channel.push({
          type: 'analysis',
          analysis: { ...input.analysis, context },
          source: 'input',
          model: BUILTIN_MODEL,
        });
      } else if (input.context) {
        await new Promise((r) => setImmediate(r)); // let the variant requests go out first
        const a = understood.analysis;
        if (a.context !== input.context)
          notes.unshift(`Using the ${input.context} context you chose (detected: ${a.context}).`);
        channel.push({
          type: 'analysis',
          analysis: { ...a, context: input.context, confidence: 1 },
          source: 'builtin',
          model: BUILTIN_MODEL,
        });
      } else {
        const r = await analyze({ situation: input.situation, scenarios: input.scenarios }, signal, detected);
        account(r.usage);
        channel.push({ type: 'analysis', analysis: r.analysis, source: r.source, model: r.model });
      }
    })();

    const variantTask = async ({ id, tone, strategy }: (typeof variants)[number], i: number) => {
      const messages = variantMessages({
        situation: input.situation,
        brief,
        tone,
        toneGuide: TONE_GUIDES[strategy] ?? tone,
        context: input.context,
        preferences: input.preferences,
        patterns: input.patterns,
        scenarios: input.scenarios,
      });
      const push = (e: CoachEvent) => channel.push(e);
      const got = await streamWithRetry(id, messages, variantSpec, push, signal, account);
      if (!('fallback' in got)) {
        const explanation =
          cleanExplanation(got.tail) ||
          `A ${tone.toLowerCase()} way to say what matters to you, with a clear next step.`;
        const suggestion: Suggestion = { id, tone, text: got.reply, explanation };
        models.push(got.model);
        push({ type: 'suggestion', suggestion, model: got.model });
      } else {
        models.push(BUILTIN_MODEL);
        fallbacks.push(got.fallback);
        const s = fallbackGeneration().responses[i];
        if (!s) throw new Error(`the built-in coach wrote no reply ${i + 1} to fall back on`);
        for (const e of suggestionEvents({ ...s, id, tone })) push(e);
      }
    };

    const tasks = [analysisTask, ...variants.map((v, i) => variantTask(v, i))];
    Promise.all(tasks).then(
      () => channel.close(),
      (err) => {
        ctl.abort(); // one failed task (503, cancel) stops the others' upstream requests
        channel.fail(err);
      },
    );
    let completed = false;
    try {
      for await (const e of channel) yield e;
      completed = true;
    } catch (err) {
      if (callerSignal?.aborted) throw callerSignal.reason ?? err;
      throw err;
    } finally {
      if (!completed) ctl.abort(); // the consumer stopped early (break/return) or a task failed: close every upstream stream now
      await Promise.allSettled(tasks);
    }
    const fallbackNote = fallbackNoteFor(fallbacks, models.length);
    if (fallbackNote) notes.push(fallbackNote);
    yield { type: 'done', model: modelLabel(models), models: [...new Set(models)], usage, notes };
  }

  async function* refine(input: RefineRequest, callerSignal?: AbortSignal): AsyncGenerator<CoachEvent> {
    callerSignal?.throwIfAborted();
    const id = `${input.responseId}_refined`;
    // The built-in refinement names the tone when it understands the wording, and is the fallback.
    let local: RefinedResponse | undefined;
    let localError: unknown;
    try {
      local = builtinRefine(input);
    } catch (err) {
      localError = err;
    }
    const tone = local?.tone ?? input.tone ?? 'Refined';
    yield { type: 'start', responseId: id, tone };
    const ctl = new AbortController();
    const signal = callerSignal ? AbortSignal.any([callerSignal, ctl.signal]) : ctl.signal;
    const channel = new Channel<CoachEvent>();
    let usage: Usage = ZERO_USAGE;
    let result: ModelAnswer | Fallback | null = null;
    const brief = input.situation ? briefOf(understand(input.situation).frame) : undefined;
    const requests = parseAdjustment(input.adjustment).map(describeRequest);
    const check: OutputCheck = { input: [input.originalText, input.adjustment, input.situation ?? ''] };
    const spec: StreamSpec = {
      marker: CHANGES_MARKER,
      bounds: REFINED_BOUNDS,
      check,
      tailReason: (tail) => changesReason(listItems(tail), check),
    };
    const task = streamWithRetry(
      id,
      refineMessages({ ...input, brief, requests }),
      spec,
      (e) => channel.push(e),
      signal,
      (u) => {
        usage = addUsage(usage, u);
      },
    ).then(
      (r) => {
        result = r;
        channel.close();
      },
      (err) => channel.fail(err),
    );
    let completed = false;
    try {
      for await (const e of channel) yield e;
      completed = true;
    } finally {
      if (!completed) ctl.abort();
      await task;
    }
    const got = result as ModelAnswer | Fallback | null;
    if (got && !('fallback' in got)) {
      const changes = listItems(stripControls(got.tail));
      // An unchanged reply is never reported as changed, whatever the model's list says.
      const unchanged = got.reply.trim() === input.originalText.trim();
      const refined: RefinedResponse = unchanged
        ? {
            id,
            tone,
            text: got.reply,
            changes: [],
            notes: ['The model returned the reply unchanged; try saying the change another way.'],
          }
        : {
            id,
            tone,
            text: got.reply,
            changes: changes.length ? changes : [`Adjusted as asked: "${input.adjustment.slice(0, 80)}"`],
          };
      yield { type: 'refined', refined, model: got.model };
      yield { type: 'done', model: got.model, models: [got.model], usage, notes: [] };
      return;
    }
    if (!local) throw localError;
    if (local.text) yield { type: 'token', responseId: id, text: local.text };
    yield { type: 'refined', refined: local, model: BUILTIN_MODEL };
    const why = got && 'fallback' in got ? got.fallback : 'unavailable';
    const notes = [
      why === 'rejected'
        ? "The AI model's version did not pass Calmly's checks, so the built-in coach made this change."
        : 'The AI model was unavailable, so the built-in coach made this change.',
    ];
    yield { type: 'done', model: BUILTIN_MODEL, models: [BUILTIN_MODEL], usage, notes };
  }

  return {
    name: 'openai-compatible',
    analyze: (input, signal) => analyze(input, signal),
    generate,
    refine,
    stats(): ProviderStats {
      return { provider: 'openai-compatible', endpoints: router.endpoints.map((e) => e.stats()), builtinFallbacks };
    },
  };
}
