/* global console, URL */
// Prints the size of the built widget, raw and gzipped (the number recorded in README.md).
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const arquivo = new URL('../dist/widget.js', import.meta.url);
const dados = readFileSync(arquivo);
const gzip = gzipSync(dados, { level: 9 });
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
console.log(`widget.js: ${kb(dados.length)} (gzip ${kb(gzip.length)}, ${gzip.length} bytes)`);
