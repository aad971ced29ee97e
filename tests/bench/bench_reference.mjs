// The reference side of bench_tokenizer: times the tiktoken npm package (Rust compiled to WebAssembly) on
// cl100k_base and o200k_base and Hugging Face tokenizers' Node binding (native Rust) on Qwen3's
// tokenizer.json, on the same text file. Prints JSON: {name: {implementation, tokens, seconds}}.
//
//   node bench_reference.mjs NPM_DIR REF_DIR TEXT_FILE
//
// NPM_DIR is where tests/tokenizer/setup.sh installed the packages; REF_DIR holds the tokenizer files.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const [npmDir, refDir, textFile] = process.argv.slice(2);
const require = createRequire(path.join(npmDir, 'package.json'));
const { get_encoding } = require('tiktoken');
const { Tokenizer } = require('tokenizers');
const version = (name) => JSON.parse(readFileSync(path.join(npmDir, 'node_modules', name, 'package.json'), 'utf8')).version;

const text = readFileSync(textFile, 'utf8');

// Median of three runs, as bench_tokenizer does.
async function time(run) {
    const seconds = [];
    let tokens = 0;
    for (let i = 0; i < 3; ++i) {
        const start = process.hrtime.bigint();
        tokens = await run();
        seconds.push(Number(process.hrtime.bigint() - start) / 1e9);
    }
    seconds.sort((a, b) => a - b);
    return { tokens, seconds: seconds[1] };
}

const out = {};
for (const name of ['cl100k_base', 'o200k_base']) {
    const encoding = get_encoding(name);
    out[name] = { implementation: `tiktoken ${version('tiktoken')} (wasm)`, ...(await time(() => encoding.encode(text, 'all').length)) };
    encoding.free();
}
const qwen3 = Tokenizer.fromFile(path.join(refDir, 'qwen3.json'));
out.qwen3 = {
    implementation: `tokenizers ${version('tokenizers')} (native)`,
    ...(await time(async () => (await qwen3.encode(text, null, { addSpecialTokens: false })).getIds().length)),
};
console.log(JSON.stringify(out));
