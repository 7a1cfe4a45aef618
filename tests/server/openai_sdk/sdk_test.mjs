// `hearth serve` tested end to end with the official `openai` npm package as
// the client: the real binary on a loopback port, a tiny random-weight model
// made with `hearth make-model`.
//
//   HEARTH_BIN=build/release/hearth HEARTH_SHARED_DIR=../shared HEARTH_TEST_DIR=/tmp/sdk \
//     node --test tests/server/openai_sdk/sdk_test.mjs
//
// (CTest runs it as `openai_sdk` once scripts/setup has installed the package.)
// Every server is started with --port 0 and killed in an `after` hook, even
// when a test fails. Nothing here assumes the binary is fast (ASan builds
// run it too): waits are generous, deadlines are only for hangs.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { mkdirSync, existsSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import OpenAI, {
  APIError,
  AuthenticationError,
  BadRequestError,
  NotFoundError,
  RateLimitError,
} from 'openai';

const HEARTH_BIN = process.env.HEARTH_BIN;
const SHARED_DIR = process.env.HEARTH_SHARED_DIR;
const TEST_DIR = process.env.HEARTH_TEST_DIR;
const MODEL_ID = 'tiny';
// The same file under an id with the characters the SDK percent-encodes in
// a path ('/' and ':', as in Hugging Face and Ollama names).
const ODD_ID = 'org/tiny:q8';
const MODEL_WIDTH = 64; // n_embd of the tiny preset
const REQUEST_TIMEOUT_MS = 60_000;
const TEST_TIMEOUT_MS = 120_000;

let modelPath;
const servers = new Set();

// ---------------------------------------------------------------- helpers

function requireEnvironment() {
  const missing = ['HEARTH_BIN', 'HEARTH_SHARED_DIR', 'HEARTH_TEST_DIR'].filter(
    (name) => !process.env[name],
  );
  if (missing.length) throw new Error(`set ${missing.join(', ')} (see the header of this file)`);
  if (!existsSync(HEARTH_BIN)) throw new Error(`HEARTH_BIN: no file at ${HEARTH_BIN}`);
}

// Starts `hearth serve` on a free port; resolves once /health answers.
async function startServer(name, extraArgs = []) {
  const args = ['serve', '-m', `${MODEL_ID}=${modelPath}`, '--host', '127.0.0.1', '--port', '0',
    '-t', '2', ...extraArgs];
  const child = spawn(HEARTH_BIN, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  const server = { name, child, stderr: '', exit: null };
  servers.add(server);
  server.exited = new Promise((resolve) => {
    child.on('exit', (code, signal) => {
      server.exit = { code, signal };
      resolve(server.exit);
    });
  });
  child.stderr.setEncoding('utf8');
  server.port = await new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${name}: no "serving" line within 60 s; stderr:\n${server.stderr}`)),
      60_000,
    );
    child.stderr.on('data', (chunk) => {
      server.stderr += chunk;
      const match = /serving .+ on http:\/\/127\.0\.0\.1:(\d+)\/v1/.exec(server.stderr);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    });
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited (${code ?? signal}) before serving:\n${server.stderr}`));
    });
  });
  server.origin = `http://127.0.0.1:${server.port}`;
  server.baseURL = `${server.origin}/v1`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      const response = await fetch(`${server.origin}/health`);
      if (response.status === 200) break;
    } catch {
      // not accepting yet
    }
    if (Date.now() > deadline) throw new Error(`${name}: /health never answered 200`);
    await sleep(50);
  }
  return server;
}

// SIGTERM, then SIGKILL if it has not exited within 15 s.
async function stopServer(server) {
  if (!server) return;
  if (server.exit === null) {
    server.child.kill('SIGTERM');
    await within(server.exited, 15_000, null);
    if (server.exit === null) {
      server.child.kill('SIGKILL');
      await server.exited;
    }
  }
  servers.delete(server);
}

// Last resort: a crashed test runner still takes its servers down.
process.on('exit', () => {
  for (const server of servers) if (server.exit === null) server.child.kill('SIGKILL');
});

// `promise`, or `fallback` once `ms` have passed (the timer does not keep
// the process alive after the promise settles).
async function within(promise, ms, fallback) {
  let timer;
  const timeout = new Promise((resolve) => {
    timer = setTimeout(() => resolve(fallback), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function client(server, options = {}) {
  return new OpenAI({
    baseURL: server.baseURL,
    apiKey: 'sk-hearth-test',
    maxRetries: 0,
    timeout: REQUEST_TIMEOUT_MS,
    ...options,
  });
}

// Runs `call` and returns the error it throws (failing if it does not).
async function rejection(call) {
  try {
    await call();
  } catch (error) {
    return error;
  }
  assert.fail('the request succeeded; an error was expected');
}

async function health(server) {
  const response = await fetch(`${server.origin}/health`);
  return { status: response.status, body: await response.json() };
}

async function metric(server, name) {
  const text = await (await fetch(`${server.origin}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name}{model="${MODEL_ID}"}`));
  return line ? Number(line.split(' ').pop()) : 0;
}

// Polls /health until no request runs or waits for the model.
async function waitIdle(server, withinMs) {
  const deadline = Date.now() + withinMs;
  let last;
  for (;;) {
    last = await health(server);
    const model = last.body.models.find((m) => m.id === MODEL_ID);
    if (model && model.active === 0 && model.waiting === 0) return;
    if (Date.now() > deadline) {
      assert.fail(`still busy after ${withinMs} ms: ${JSON.stringify(last.body)}`);
    }
    await sleep(25);
  }
}

function norm(vector) {
  return Math.sqrt(vector.reduce((sum, x) => sum + x * x, 0));
}

function assertLogprobEntry(entry, topCount) {
  assert.equal(typeof entry.token, 'string');
  assert.equal(typeof entry.logprob, 'number');
  assert.ok(entry.logprob <= 0, `logprob ${entry.logprob} > 0`);
  assert.ok(Array.isArray(entry.bytes) && entry.bytes.length > 0);
  for (const byte of entry.bytes) assert.ok(Number.isInteger(byte) && byte >= 0 && byte <= 255);
  assert.equal(entry.top_logprobs.length, topCount);
  for (let i = 0; i < entry.top_logprobs.length; ++i) {
    const top = entry.top_logprobs[i];
    assert.equal(typeof top.token, 'string');
    assert.ok(top.logprob <= 0);
    assert.ok(Array.isArray(top.bytes));
    if (i > 0) assert.ok(top.logprob <= entry.top_logprobs[i - 1].logprob, 'top_logprobs sorted');
  }
  // The sampled token can be no likelier than the likeliest alternative.
  if (topCount > 0) assert.ok(entry.logprob <= entry.top_logprobs[0].logprob + 1e-6);
}

const SYSTEM = { role: 'system', content: 'You are a helpful assistant.' };
const USER = { role: 'user', content: 'Write a haiku about the sea.' };

// ---------------------------------------------------------------- setup

before(() => {
  requireEnvironment();
  mkdirSync(TEST_DIR, { recursive: true });
  modelPath = path.join(TEST_DIR, `${MODEL_ID}.gguf`);
  execFileSync(HEARTH_BIN, ['make-model', '--preset', 'tiny', '--type', 'q8_0', '--vocab',
    path.join(SHARED_DIR, 'vocab', 'ggml-vocab-qwen2.gguf'), '-o', modelPath],
  { stdio: ['ignore', 'ignore', 'inherit'], timeout: 120_000 });
});

after(async () => {
  await Promise.all([...servers].map(stopServer));
});

// ---------------------------------------------------------------- the main server

describe('hearth serve through the openai SDK', { timeout: TEST_TIMEOUT_MS * 4 }, () => {
  let server;
  let openai;
  before(async () => {
    server = await startServer('main', ['-m', `${ODD_ID}=${modelPath}`, '--max-body', '256KiB',
      '--max-tokens', '1024', '--grace', '5']);
    openai = client(server);
  });
  after(() => stopServer(server));

  test('models.list and models.retrieve', async () => {
    const page = await openai.models.list();
    // "auto" is the router's default route (docs/router.md).
    assert.deepEqual(page.data.map((m) => m.id), [MODEL_ID, ODD_ID, 'auto']);
    const [model] = page.data;
    assert.equal(model.id, MODEL_ID);
    assert.equal(model.object, 'model');
    assert.equal(typeof model.created, 'number');
    assert.equal(typeof model.owned_by, 'string');
    const ids = [];
    for await (const m of openai.models.list()) ids.push(m.id);
    assert.deepEqual(ids, [MODEL_ID, ODD_ID, 'auto']);

    const retrieved = await openai.models.retrieve(MODEL_ID);
    assert.deepEqual(retrieved, model);
    assert.equal((await openai.models.retrieve(ODD_ID)).id, ODD_ID);

    const error = await rejection(() => openai.models.retrieve('no-such-model'));
    assert.ok(error instanceof NotFoundError, String(error));
    assert.equal(error.status, 404);
    assert.equal(error.code, 'model_not_found');
  });

  test('chat.completions.create: shape, usage, length, greedy determinism', async () => {
    const request = { model: MODEL_ID, messages: [SYSTEM, USER], temperature: 0, max_tokens: 12 };
    const completion = await openai.chat.completions.create(request);
    assert.equal(completion.object, 'chat.completion');
    assert.match(completion.id, /^chatcmpl-/);
    assert.equal(typeof completion.created, 'number');
    assert.equal(completion.model, MODEL_ID);
    assert.equal(completion.choices.length, 1);
    const [choice] = completion.choices;
    assert.equal(choice.index, 0);
    assert.equal(choice.message.role, 'assistant');
    assert.equal(typeof choice.message.content, 'string');
    assert.ok(choice.message.content.length > 0);
    assert.equal(choice.finish_reason, 'length');
    assert.equal(choice.logprobs, null);
    const { usage } = completion;
    assert.equal(usage.completion_tokens, 12);
    assert.ok(usage.prompt_tokens > 0);
    assert.equal(usage.total_tokens, usage.prompt_tokens + usage.completion_tokens);
    assert.equal(typeof usage.prompt_tokens_details.cached_tokens, 'number');
    assert.ok(usage.prompt_tokens_details.cached_tokens <= usage.prompt_tokens);

    const again = await openai.chat.completions.create(request);
    assert.equal(again.choices[0].message.content, choice.message.content);
    assert.notEqual(again.id, completion.id);

    // withResponse exposes the HTTP side the SDK saw.
    const { response } = await openai.chat.completions.create(request).withResponse();
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type'), /^application\/json/);
    assert.equal(response.headers.get('x-hearth-route'), 'local');

    // The route "auto" answers with the same model and says why.
    const routed = await openai.chat.completions.create({ ...request, model: 'auto' })
      .withResponse();
    assert.equal(routed.data.choices[0].message.content, choice.message.content);
    assert.equal(routed.response.headers.get('x-hearth-route'), 'local');
    assert.match(routed.response.headers.get('x-hearth-reason'), /^default: /);
  });

  test('message forms: content parts, developer role, max_completion_tokens, odd model ids',
    async () => {
      const base = { model: MODEL_ID, temperature: 0, max_tokens: 6 };
      const plain = await openai.chat.completions.create({ ...base, messages: [SYSTEM, USER] });
      const parts = await openai.chat.completions.create({ ...base, messages: [
        { role: 'developer', content: SYSTEM.content },
        { role: 'user', content: [{ type: 'text', text: 'Write a haiku ' },
          { type: 'text', text: 'about the sea.' }] },
      ] });
      assert.equal(parts.usage.prompt_tokens, plain.usage.prompt_tokens);
      assert.equal(parts.choices[0].message.content, plain.choices[0].message.content);

      const capped = await openai.chat.completions.create({ model: MODEL_ID, messages: [USER],
        temperature: 0, max_completion_tokens: 3 });
      assert.equal(capped.usage.completion_tokens, 3);

      const odd = await openai.chat.completions.create({ ...base, model: ODD_ID,
        messages: [SYSTEM, USER] });
      assert.equal(odd.model, ODD_ID);
      assert.equal(odd.choices[0].message.content, plain.choices[0].message.content);
    });

  async function collectChatStream(request) {
    const stream = await openai.chat.completions.create({ ...request, stream: true });
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    return chunks;
  }

  for (const [label, sampling] of [
    ['greedy', { temperature: 0 }],
    ['seeded, temperature 1', { temperature: 1, seed: 4242 }],
  ]) {
    test(`streaming chat (${label}) matches the non-streamed answer`, async () => {
      const request = { model: MODEL_ID, messages: [SYSTEM, USER], max_tokens: 24, ...sampling };
      const whole = await openai.chat.completions.create(request);
      const chunks = await collectChatStream({ ...request,
        stream_options: { include_usage: true } });
      assert.ok(chunks.length >= 3, `only ${chunks.length} chunks`);
      for (const chunk of chunks) {
        assert.equal(chunk.object, 'chat.completion.chunk');
        assert.equal(chunk.id, chunks[0].id);
        assert.equal(chunk.model, MODEL_ID);
      }
      assert.equal(chunks[0].choices[0].delta.role, 'assistant');

      const usageChunk = chunks.at(-1);
      assert.deepEqual(usageChunk.choices, []);
      assert.equal(usageChunk.usage.completion_tokens, 24);
      assert.equal(usageChunk.usage.prompt_tokens, whole.usage.prompt_tokens);
      assert.equal(usageChunk.usage.total_tokens,
        usageChunk.usage.prompt_tokens + usageChunk.usage.completion_tokens);
      assert.equal(typeof usageChunk.usage.prompt_tokens_details.cached_tokens, 'number');
      for (const chunk of chunks.slice(0, -1)) assert.ok(!chunk.usage, 'usage only at the end');

      const last = chunks.at(-2);
      assert.equal(last.choices[0].finish_reason, 'length');
      for (const chunk of chunks.slice(0, -2)) assert.equal(chunk.choices[0].finish_reason, null);

      const text = chunks.map((c) => c.choices[0]?.delta?.content ?? '').join('');
      assert.equal(text, whole.choices[0].message.content);
    });
  }

  // OpenAI documents "All other chunks will also include a usage field, but
  // with a null value".
  test('include_usage: every other chunk has usage null', async () => {
    const chunks = await collectChatStream({ model: MODEL_ID, messages: [USER], temperature: 0,
      max_tokens: 3, stream_options: { include_usage: true } });
    for (const chunk of chunks.slice(0, -1)) assert.equal(chunk.usage, null);
  });

  test('streaming without include_usage sends no usage chunk', async () => {
    const chunks = await collectChatStream({ model: MODEL_ID, messages: [USER], temperature: 0,
      max_tokens: 4 });
    for (const chunk of chunks) {
      assert.ok(!chunk.usage);
      assert.equal(chunk.choices.length, 1);
    }
    assert.equal(chunks.at(-1).choices[0].finish_reason, 'length');
  });

  test('logprobs and top_logprobs, streamed and not', async () => {
    const request = { model: MODEL_ID, messages: [USER], temperature: 1, seed: 99, max_tokens: 6,
      logprobs: true, top_logprobs: 3 };
    const completion = await openai.chat.completions.create(request);
    const [choice] = completion.choices;
    const { content } = choice.logprobs;
    assert.equal(content.length, completion.usage.completion_tokens);
    assert.equal(content.length, 6);
    for (const entry of content) assertLogprobEntry(entry, 3);
    assert.equal(Buffer.from(content.flatMap((e) => e.bytes)).toString('utf8'),
      choice.message.content, 'the tokens\' bytes spell the content');

    // Greedy: the chosen token is the likeliest alternative.
    const greedy = await openai.chat.completions.create({ ...request, temperature: 0,
      top_logprobs: 2 });
    for (const entry of greedy.choices[0].logprobs.content) {
      assertLogprobEntry(entry, 2);
      assert.equal(entry.token, entry.top_logprobs[0].token);
      assert.ok(Math.abs(entry.logprob - entry.top_logprobs[0].logprob) < 1e-5);
    }

    // logprobs without top_logprobs: no alternatives.
    const plain = await openai.chat.completions.create({ model: MODEL_ID, messages: [USER],
      temperature: 0, max_tokens: 2, logprobs: true });
    for (const entry of plain.choices[0].logprobs.content) assertLogprobEntry(entry, 0);

    const stream = await openai.chat.completions.create({ ...request, stream: true });
    const streamed = [];
    for await (const chunk of stream) {
      const entries = chunk.choices[0]?.logprobs?.content;
      if (entries) streamed.push(...entries);
    }
    assert.deepEqual(streamed, content);
  });

  test('n = 2 gives two choices', async () => {
    const sampled = await openai.chat.completions.create({ model: MODEL_ID, messages: [USER],
      n: 2, temperature: 1, seed: 7, max_tokens: 8 });
    assert.deepEqual(sampled.choices.map((c) => c.index), [0, 1]);
    assert.notEqual(sampled.choices[0].message.content, sampled.choices[1].message.content);
    assert.equal(sampled.usage.completion_tokens, 16);

    const greedy = await openai.chat.completions.create({ model: MODEL_ID, messages: [USER],
      n: 2, temperature: 0, max_tokens: 5 });
    assert.equal(greedy.choices.length, 2);
    assert.equal(greedy.choices[0].message.content, greedy.choices[1].message.content);

    const chunks = await collectChatStream({ model: MODEL_ID, messages: [USER], n: 2,
      temperature: 1, seed: 7, max_tokens: 8 });
    const texts = ['', ''];
    const reasons = [null, null];
    for (const chunk of chunks) {
      for (const c of chunk.choices) {
        texts[c.index] += c.delta.content ?? '';
        if (c.finish_reason) reasons[c.index] = c.finish_reason;
      }
    }
    assert.deepEqual(texts, sampled.choices.map((c) => c.message.content));
    assert.deepEqual(reasons, ['length', 'length']);
  });

  test('stop strings end the answer before the stop, with finish_reason "stop"', async () => {
    const request = { model: MODEL_ID, messages: [USER], temperature: 1, seed: 31, max_tokens: 24 };
    const free = await openai.chat.completions.create({ ...request, logprobs: true });
    const text = free.choices[0].message.content;
    const tokens = free.choices[0].logprobs.content.map((e) => e.token);
    // A token that first shows up after the start of the text is a stop
    // string whose expected answer is the text before it.
    let stop = tokens[0];
    let expected = '';
    for (const token of tokens.slice(1)) {
      const at = text.indexOf(token);
      if (token.trim() && !token.includes('\uFFFD') && at > 0) {
        stop = token;
        expected = text.slice(0, at);
        break;
      }
    }
    for (const stopField of [stop, [stop, '\u0000never-there']]) {
      const stopped = await openai.chat.completions.create({ ...request, stop: stopField });
      assert.equal(stopped.choices[0].message.content, expected, `stop ${JSON.stringify(stop)}`);
      assert.equal(stopped.choices[0].finish_reason, 'stop');
    }
    const chunks = await collectChatStream({ ...request, stop });
    assert.equal(chunks.map((c) => c.choices[0]?.delta?.content ?? '').join(''), expected);
    assert.equal(chunks.at(-1).choices[0].finish_reason, 'stop');

    // A stop string spanning two tokens: the first of them is held back
    // while it could still begin the stop, and never streamed.
    const bytes = free.choices[0].logprobs.content.map((e) => e.bytes);
    for (let i = 1; i + 1 < bytes.length; ++i) {
      const prefix = Buffer.from(bytes.slice(0, i + 1).flat()).toString('utf8');
      if (prefix.includes('\uFFFD') || !text.startsWith(prefix) || prefix.length < 2 ||
          text.length < prefix.length + 2) {
        continue;
      }
      const across = text.slice(prefix.length - 2, prefix.length + 2);
      const before = text.slice(0, text.indexOf(across));
      const cut = await openai.chat.completions.create({ ...request, stop: across });
      assert.equal(cut.choices[0].message.content, before, `stop ${JSON.stringify(across)}`);
      assert.equal(cut.choices[0].finish_reason, 'stop');
      const cutChunks = await collectChatStream({ ...request, stop: across });
      assert.equal(cutChunks.map((c) => c.choices[0]?.delta?.content ?? '').join(''), before);
      break;
    }

    const unmatched = await openai.chat.completions.create({ ...request, stop: ['\u0000nope'] });
    assert.equal(unmatched.choices[0].message.content, text);
    assert.equal(unmatched.choices[0].finish_reason, 'length');
  });

  test('seed makes temperature-1 sampling reproducible', async () => {
    const request = { model: MODEL_ID, messages: [SYSTEM, USER], temperature: 1, max_tokens: 12 };
    const a = await openai.chat.completions.create({ ...request, seed: 1234 });
    const b = await openai.chat.completions.create({ ...request, seed: 1234 });
    const c = await openai.chat.completions.create({ ...request, seed: 1235 });
    assert.equal(a.choices[0].message.content, b.choices[0].message.content);
    assert.notEqual(a.choices[0].message.content, c.choices[0].message.content);
    assert.equal(a.system_fingerprint, b.system_fingerprint);
  });

  test('a second request sharing the system prompt reports cached_tokens', async () => {
    const nonce = `${process.pid}-${Date.now()}`;
    const system = {
      role: 'system',
      content: `Session ${nonce}. You are a careful assistant for a small bakery. ` +
        'Answer questions about opening hours, bread, cakes, pastries, allergens, prices ' +
        'and orders. Be brief, be polite, never invent prices, and ask for a phone number ' +
        'before taking an order. The bakery opens at seven and closes at six, except on ' +
        'Sundays, when it is closed.',
    };
    const first = await openai.chat.completions.create({ model: MODEL_ID, temperature: 0,
      max_tokens: 2, messages: [system, { role: 'user', content: 'When do you open?' }] });
    const second = await openai.chat.completions.create({ model: MODEL_ID, temperature: 0,
      max_tokens: 2, messages: [system, { role: 'user', content: 'Do you sell rye bread?' }] });
    const cachedFirst = first.usage.prompt_tokens_details.cached_tokens;
    const cachedSecond = second.usage.prompt_tokens_details.cached_tokens;
    assert.ok(first.usage.prompt_tokens > 60, `prompt of ${first.usage.prompt_tokens} tokens`);
    assert.ok(cachedFirst < 20, `first request: ${cachedFirst} cached tokens of a new prompt`);
    assert.ok(cachedSecond > 0, 'second request: no cached tokens');
    assert.ok(cachedSecond >= first.usage.prompt_tokens / 2,
      `second request: only ${cachedSecond} of ${first.usage.prompt_tokens} cached`);
    assert.ok(cachedSecond < second.usage.prompt_tokens);
  });

  test('completions.create: text, echo, logprobs, prompt arrays', async () => {
    const prompt = 'Once upon a time';
    const request = { model: MODEL_ID, prompt, temperature: 0, max_tokens: 8 };
    const plain = await openai.completions.create(request);
    assert.equal(plain.object, 'text_completion');
    assert.match(plain.id, /^cmpl-/);
    assert.equal(plain.model, MODEL_ID);
    assert.equal(plain.choices.length, 1);
    const [choice] = plain.choices;
    assert.equal(choice.index, 0);
    assert.equal(typeof choice.text, 'string');
    assert.equal(choice.finish_reason, 'length');
    assert.equal(choice.logprobs, null);
    assert.equal(plain.usage.completion_tokens, 8);
    assert.ok(plain.usage.prompt_tokens > 0);
    assert.equal(plain.usage.total_tokens, plain.usage.prompt_tokens + 8);

    const echoed = await openai.completions.create({ ...request, echo: true });
    assert.equal(echoed.choices[0].text, prompt + choice.text);

    const withLogprobs = await openai.completions.create({ ...request, logprobs: 2 });
    assert.equal(withLogprobs.choices[0].text, choice.text);
    const logprobs = withLogprobs.choices[0].logprobs;
    assert.equal(logprobs.tokens.length, 8);
    assert.equal(logprobs.token_logprobs.length, 8);
    assert.equal(logprobs.top_logprobs.length, 8);
    assert.equal(logprobs.text_offset.length, 8);
    assert.equal(logprobs.tokens.join(''), choice.text);
    assert.equal(logprobs.text_offset[0], 0);
    for (let i = 0; i < 8; ++i) {
      assert.ok(logprobs.token_logprobs[i] <= 0);
      const alternatives = Object.entries(logprobs.top_logprobs[i]);
      assert.ok(alternatives.length >= 1 && alternatives.length <= 2);
      for (const [, value] of alternatives) assert.ok(value <= 0);
      // Greedy: the chosen token is among the alternatives, with its logprob.
      assert.ok(Math.abs(logprobs.top_logprobs[i][logprobs.tokens[i]] -
        logprobs.token_logprobs[i]) < 1e-5);
      if (i > 0) {
        assert.equal(logprobs.text_offset[i],
          logprobs.text_offset[i - 1] + Buffer.byteLength(logprobs.tokens[i - 1]));
      }
    }

    const prompts = ['Once upon a time', 'The capital of France is'];
    const many = await openai.completions.create({ ...request, prompt: prompts });
    assert.deepEqual(many.choices.map((c) => c.index), [0, 1]);
    assert.equal(many.choices[0].text, choice.text);
    const single = await openai.completions.create({ ...request, prompt: prompts[1] });
    assert.equal(many.choices[1].text, single.choices[0].text);
    assert.equal(many.usage.completion_tokens, 16);

    const manyN = await openai.completions.create({ ...request, prompt: prompts, n: 2 });
    assert.deepEqual(manyN.choices.map((c) => c.index), [0, 1, 2, 3]);
    assert.deepEqual(manyN.choices.map((c) => c.text),
      [choice.text, choice.text, single.choices[0].text, single.choices[0].text]);
  });

  test('completions: echo with logprobs is refused by name (prompt logprobs are not computed)',
    async () => {
      await assert.rejects(
        openai.completions.create({ model: MODEL_ID, prompt: 'Once upon a time', echo: true,
          logprobs: 1, temperature: 0, max_tokens: 2 }),
        (error) => error instanceof OpenAI.BadRequestError && error.param === 'echo');
    });

  test('streaming completions match the non-streamed ones', async () => {
    const request = { model: MODEL_ID, prompt: ['Once upon a time', 'The capital of France is'],
      temperature: 1, seed: 5, max_tokens: 10 };
    const whole = await openai.completions.create(request);
    const stream = await openai.completions.create({ ...request, stream: true,
      stream_options: { include_usage: true } });
    const texts = ['', ''];
    const reasons = [null, null];
    let usage = null;
    for await (const chunk of stream) {
      assert.equal(chunk.object, 'text_completion');
      if (chunk.usage) usage = chunk.usage;
      for (const c of chunk.choices) {
        texts[c.index] += c.text;
        if (c.finish_reason) reasons[c.index] = c.finish_reason;
      }
    }
    assert.deepEqual(texts, whole.choices.map((c) => c.text));
    assert.deepEqual(reasons, ['length', 'length']);
    assert.ok(usage, 'an include_usage chunk');
    assert.equal(usage.completion_tokens, 20);
    assert.equal(usage.prompt_tokens, whole.usage.prompt_tokens);
  });

  test('embeddings.create: float, base64 and arrays', async () => {
    const input = 'The quick brown fox jumps over the lazy dog.';
    const floats = await openai.embeddings.create({ model: MODEL_ID, input,
      encoding_format: 'float' });
    assert.equal(floats.object, 'list');
    assert.equal(floats.model, MODEL_ID);
    assert.equal(floats.data.length, 1);
    assert.equal(floats.data[0].object, 'embedding');
    assert.equal(floats.data[0].index, 0);
    const vector = floats.data[0].embedding;
    assert.equal(vector.length, MODEL_WIDTH);
    assert.ok(Math.abs(norm(vector) - 1) < 1e-4, `norm ${norm(vector)}`);
    assert.ok(floats.usage.prompt_tokens > 0);
    assert.equal(floats.usage.total_tokens, floats.usage.prompt_tokens);

    // No encoding_format: the SDK asks for base64 and decodes it to floats.
    const decoded = await openai.embeddings.create({ model: MODEL_ID, input });
    assert.equal(decoded.data[0].embedding.length, MODEL_WIDTH);
    decoded.data[0].embedding.forEach((x, i) => assert.ok(Math.abs(x - vector[i]) < 1e-6));

    const raw = await openai.embeddings.create({ model: MODEL_ID, input,
      encoding_format: 'base64' });
    assert.equal(typeof raw.data[0].embedding, 'string');
    const bytes = Buffer.from(raw.data[0].embedding, 'base64');
    assert.equal(bytes.length, MODEL_WIDTH * 4);
    for (let i = 0; i < MODEL_WIDTH; ++i) {
      assert.ok(Math.abs(bytes.readFloatLE(i * 4) - vector[i]) < 1e-6);
    }

    const inputs = [input, 'hello', 'Embeddings for three inputs at once.'];
    const batch = await openai.embeddings.create({ model: MODEL_ID, input: inputs,
      encoding_format: 'float' });
    assert.deepEqual(batch.data.map((d) => d.index), [0, 1, 2]);
    for (const d of batch.data) {
      assert.equal(d.embedding.length, MODEL_WIDTH);
      assert.ok(Math.abs(norm(d.embedding) - 1) < 1e-4);
    }
    batch.data[0].embedding.forEach((x, i) => assert.ok(Math.abs(x - vector[i]) < 1e-5));
    assert.notDeepEqual(batch.data[1].embedding, batch.data[0].embedding);
    const defaultBatch = await openai.embeddings.create({ model: MODEL_ID, input: inputs });
    assert.equal(defaultBatch.data.length, 3);
  });

  test('400: malformed parameters name the field', async () => {
    const messages = [USER];
    const cases = [
      [{ model: MODEL_ID, messages, temperature: 5 }, 'temperature'],
      [{ model: MODEL_ID }, 'messages'],
      [{ model: MODEL_ID, messages, max_tokens: 5000 }, 'max_tokens'],
      [{ model: MODEL_ID, messages, top_logprobs: 2 }, 'top_logprobs'],
      [{ model: MODEL_ID, messages, n: 0 }, 'n'],
      [{ model: MODEL_ID, messages: [{ role: 'wizard', content: 'x' }] }, 'messages[0].role'],
    ];
    for (const [body, param] of cases) {
      const error = await rejection(() => openai.chat.completions.create(body));
      assert.ok(error instanceof BadRequestError, `${JSON.stringify(body)}: ${error}`);
      assert.equal(error.status, 400);
      assert.equal(error.type, 'invalid_request_error');
      assert.equal(error.param, param, JSON.stringify(body));
      assert.equal(typeof error.error.message, 'string');
    }

    const unknown = await rejection(() => openai.chat.completions.create({ model: MODEL_ID,
      messages, frobnicate: true }));
    assert.ok(unknown instanceof BadRequestError);
    assert.match(unknown.message, /Unrecognized request argument supplied: frobnicate/);

    const format = await rejection(() => openai.embeddings.create({ model: MODEL_ID,
      input: 'x', encoding_format: 'hex' }));
    assert.ok(format instanceof BadRequestError);
    assert.equal(format.param, 'encoding_format');

    const logprobs = await rejection(() => openai.completions.create({ model: MODEL_ID,
      prompt: 'x', logprobs: 9 }));
    assert.ok(logprobs instanceof BadRequestError);
    assert.equal(logprobs.param, 'logprobs');

    const notJson = await fetch(`${server.baseURL}/chat/completions`, { method: 'POST',
      headers: { 'Content-Type': 'application/json' }, body: '{"model": ' });
    assert.equal(notJson.status, 400);
    assert.equal(typeof (await notJson.json()).error.message, 'string');
  });

  test('404: unknown model and unknown route', async () => {
    for (const call of [
      () => openai.chat.completions.create({ model: 'no-such-model', messages: [USER] }),
      () => openai.completions.create({ model: 'no-such-model', prompt: 'x' }),
      () => openai.embeddings.create({ model: 'no-such-model', input: 'x' }),
    ]) {
      const error = await rejection(call);
      assert.ok(error instanceof NotFoundError, String(error));
      assert.equal(error.status, 404);
      assert.equal(error.code, 'model_not_found');
      assert.match(error.message, /no-such-model/);
    }
    const route = await fetch(`${server.baseURL}/no/such/route`);
    assert.equal(route.status, 404);
    assert.equal(typeof (await route.json()).error.message, 'string');
  });

  test('413: a body above --max-body', async () => {
    const big = 'x'.repeat(300 * 1024);
    const response = await fetch(`${server.baseURL}/chat/completions`, { method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ model: MODEL_ID, messages: [{ role: 'user', content: big }] }) });
    assert.equal(response.status, 413);
    assert.equal(typeof (await response.json()).error.message, 'string');

    const error = await rejection(() => openai.chat.completions.create({ model: MODEL_ID,
      messages: [{ role: 'user', content: big }] }));
    assert.ok(error instanceof APIError, String(error));
    assert.equal(error.status, 413);

    // The server is unharmed.
    const after413 = await openai.chat.completions.create({ model: MODEL_ID, messages: [USER],
      max_tokens: 1 });
    assert.equal(after413.choices.length, 1);
  });

  test('errors from the HTTP layer carry the full error object',
  async () => {
    const response = await fetch(`${server.baseURL}/embeddings`, { method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ model: MODEL_ID, input: 'y'.repeat(300 * 1024) }) });
    assert.equal(response.status, 413);
    const { error } = await response.json();
    assert.deepEqual(Object.keys(error).sort(), ['code', 'message', 'param', 'type']);
  });

  test('/health and /metrics', async () => {
    const { status, body } = await health(server);
    assert.equal(status, 200);
    assert.equal(body.status, 'ok');
    assert.equal(body.models[0].id, MODEL_ID);
    const metrics = await fetch(`${server.origin}/metrics`);
    assert.equal(metrics.status, 200);
    assert.match(await metrics.text(), /hearth_requests_total\{endpoint="\/v1\/chat\/completions"/);
  });

  test('SIGTERM stops the server with exit code 0', async () => {
    await waitIdle(server, 10_000);
    server.child.kill('SIGTERM');
    const exit = await within(server.exited, 30_000, 'hung');
    assert.notEqual(exit, 'hung', `no exit 30 s after SIGTERM:\n${server.stderr}`);
    assert.deepEqual(exit, { code: 0, signal: null }, server.stderr);
  });
});

// ---------------------------------------------------------------- API keys

describe('--api-key', { timeout: TEST_TIMEOUT_MS }, () => {
  let server;
  before(async () => {
    server = await startServer('keys', ['--api-key', 'sk-hearth-first-key', '--api-key',
      'sk-hearth-second-key']);
  });
  after(() => stopServer(server));

  test('401 without a key or with a wrong one; /health stays open', async () => {
    const noKey = client(server, { defaultHeaders: { Authorization: null } });
    const missing = await rejection(() => noKey.models.list());
    assert.ok(missing instanceof AuthenticationError, String(missing));
    assert.equal(missing.status, 401);
    assert.match(missing.message, /API key/);

    const wrong = client(server, { apiKey: 'sk-hearth-wrong-key' });
    for (const call of [
      () => wrong.models.list(),
      () => wrong.chat.completions.create({ model: MODEL_ID, messages: [USER], max_tokens: 1 }),
      () => wrong.embeddings.create({ model: MODEL_ID, input: 'x' }),
    ]) {
      const error = await rejection(call);
      assert.ok(error instanceof AuthenticationError, String(error));
      assert.equal(error.status, 401);
      assert.equal(error.code, 'invalid_api_key');
      assert.ok(!error.message.includes('sk-hearth-wrong-key'), 'the key is masked');
    }

    const bare = await fetch(`${server.baseURL}/models`);
    assert.equal(bare.status, 401);
    assert.equal(typeof (await bare.json()).error.message, 'string');

    const open = await health(server);
    assert.equal(open.status, 200);
  });

  test('either configured key is accepted', async () => {
    for (const apiKey of ['sk-hearth-first-key', 'sk-hearth-second-key']) {
      const keyed = client(server, { apiKey });
      const models = await keyed.models.list();
      assert.equal(models.data[0].id, MODEL_ID);
      const completion = await keyed.chat.completions.create({ model: MODEL_ID,
        messages: [USER], max_tokens: 2, temperature: 0 });
      assert.equal(completion.usage.completion_tokens, 2);
    }
  });
});

// ---------------------------------------------------------------- a full queue

describe('--slots 1 --max-waiting 0', { timeout: TEST_TIMEOUT_MS }, () => {
  let server;
  let openai;
  // Long enough to be running still while the test talks to the server;
  // the tiny model's context (2048) bounds it.
  const LONG = { model: MODEL_ID, messages: [{ role: 'user', content: 'hi' }], temperature: 0,
    max_tokens: 2000, stream: true };
  before(async () => {
    server = await startServer('busy', ['--slots', '1', '--max-waiting', '0']);
    openai = client(server);
  });
  after(() => stopServer(server));

  test('429 with Retry-After while a long stream runs', async () => {
    const stream = await openai.chat.completions.create(LONG);
    const iterator = stream[Symbol.asyncIterator]();
    let seen = 0;
    while (seen < 3) {
      const { value, done } = await iterator.next();
      assert.ok(!done, 'the long stream ended early');
      if (value.choices[0]?.delta?.content) ++seen;
    }
    const error = await rejection(() => openai.chat.completions.create({ model: MODEL_ID,
      messages: [USER], max_tokens: 1 }));
    assert.ok(error instanceof RateLimitError, String(error));
    assert.equal(error.status, 429);
    assert.match(error.headers.get('retry-after') ?? '', /^\d+$/);
    assert.equal(typeof error.error.message, 'string');

    const streamed = await rejection(() => openai.chat.completions.create({ ...LONG,
      max_tokens: 1 }));
    assert.ok(streamed instanceof RateLimitError, `a second stream: ${streamed}`);

    // Aborted, the stream ends quietly (after the chunks already received).
    stream.controller.abort();
    let left = 0;
    while (!(await iterator.next()).done) ++left;
    assert.ok(left < 2000, `${left} chunks after the abort`);
  });

  test('a stream aborted by the client frees its slot; the server keeps working', async () => {
    await waitIdle(server, 10_000);
    const tokensBefore = await metric(server, 'hearth_completion_tokens_total');
    const abort = new AbortController();
    const stream = await openai.chat.completions.create(LONG, { signal: abort.signal });
    let seen = 0;
    try {
      // Chunks already received may still come out after the abort.
      for await (const chunk of stream) {
        if (chunk.choices[0]?.delta?.content && ++seen === 2) abort.abort();
      }
    } catch (error) {
      assert.equal(error.name, 'APIUserAbortError', String(error));
    }
    assert.ok(abort.signal.aborted, `the stream ended after ${seen} content chunks`);
    // The server notices the closed connection and cancels the generation
    // long before its 2000 tokens are done.
    await waitIdle(server, 5_000);
    const completion = await openai.chat.completions.create({ model: MODEL_ID, messages: [USER],
      max_tokens: 3, temperature: 0 });
    assert.equal(completion.usage.completion_tokens, 3);
    const tokensAfter = await metric(server, 'hearth_completion_tokens_total');
    assert.ok(tokensAfter - tokensBefore < 2000 + 3,
      `the aborted request generated ${tokensAfter - tokensBefore - 3} tokens`);
  });
});

// ---------------------------------------------------------------- deadlines and shutdown

// Generation long enough (2000 tokens) to outlast --timeout 0.3 and
// --grace 0.2 on any machine; the tiny model's context (2048) bounds it.
const LONG_CHAT = { model: MODEL_ID, messages: [{ role: 'user', content: 'hi' }],
  temperature: 0, max_tokens: 2000 };

async function drain(stream) {
  const outcome = { chunks: 0, finish_reason: null, error: null };
  try {
    for await (const chunk of stream) {
      ++outcome.chunks;
      outcome.finish_reason = chunk.choices[0]?.finish_reason ?? outcome.finish_reason;
    }
  } catch (error) {
    outcome.error = error;
  }
  return outcome;
}

describe('--timeout', { timeout: TEST_TIMEOUT_MS }, () => {
  let server;
  let openai;
  before(async () => {
    server = await startServer('timeout', ['--timeout', '0.3']);
    openai = client(server);
  });
  after(() => stopServer(server));

  test('a request running past --timeout gets 408', async () => {
    const error = await rejection(() => openai.chat.completions.create(LONG_CHAT));
    assert.ok(error instanceof APIError, String(error));
    assert.equal(error.status, 408);
    await waitIdle(server, 5_000);
  });

  test('a stream running past --timeout ends with an error event',
  async () => {
    const outcome = await drain(await openai.chat.completions.create({ ...LONG_CHAT,
      stream: true }));
    assert.ok(outcome.error instanceof APIError,
      `the stream ended after ${outcome.chunks} chunks with finish_reason ` +
      `${outcome.finish_reason} and no error`);
  });
});

describe('shutdown', { timeout: TEST_TIMEOUT_MS }, () => {
  let server;
  let openai;
  let streamOutcome;
  before(async () => {
    server = await startServer('shutdown', ['--grace', '0.2']);
    openai = client(server);
  });
  after(() => stopServer(server));

  test('SIGTERM: a request still running after --grace gets 503; exit code 0', async () => {
    const pending = rejection(() => openai.chat.completions.create(LONG_CHAT));
    const stream = await openai.chat.completions.create({ ...LONG_CHAT, stream: true });
    const streamed = drain(stream);
    // Both running (the non-streamed one shows only in /health).
    const deadline = Date.now() + 10_000;
    for (;;) {
      const model = (await health(server)).body.models.find((m) => m.id === MODEL_ID);
      if (model?.active === 2) break;
      assert.ok(Date.now() < deadline, 'the two requests never ran together');
      await sleep(10);
    }
    server.child.kill('SIGTERM');
    const error = await pending;
    assert.ok(error instanceof APIError, String(error));
    assert.equal(error.status, 503);
    assert.match(error.headers.get('retry-after') ?? '', /^\d+$/);
    streamOutcome = await streamed;
    const exit = await within(server.exited, 30_000, 'hung');
    assert.deepEqual(exit, { code: 0, signal: null }, server.stderr);
  });

  test('a stream cut by the shutdown ends with an error event', () => {
    assert.ok(streamOutcome, 'the previous test ran');
    assert.ok(streamOutcome.error instanceof APIError,
      `the stream ended after ${streamOutcome.chunks} chunks with finish_reason ` +
      `${streamOutcome.finish_reason} and no error`);
  });
});
