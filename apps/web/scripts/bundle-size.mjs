/* global console, URL */
// Prints the gzipped size of the production build: every file, and what each first screen downloads
// (the entry chunk, its static imports and CSS, plus the lazy chunks of that route).
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const dist = fileURLToPath(new URL('../dist/', import.meta.url));
const manifest = JSON.parse(readFileSync(join(dist, '.vite/manifest.json'), 'utf8'));

const gz = (file) => gzipSync(readFileSync(join(dist, file))).length;
const kb = (bytes) => `${(bytes / 1000).toFixed(1)} kB`;

function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === '.vite') return [];
    return statSync(path).isDirectory() ? walk(path) : [relative(dist, path)];
  });
}

/** Files a set of manifest entries loads before rendering: themselves, static imports and their CSS. */
function closure(keys) {
  const files = new Set();
  const seen = new Set();
  const visit = (key) => {
    if (seen.has(key)) return;
    seen.add(key);
    const chunk = manifest[key];
    if (!chunk) throw new Error(`not in the Vite manifest: ${key}`);
    files.add(chunk.file);
    for (const css of chunk.css ?? []) files.add(css);
    for (const imported of chunk.imports ?? []) visit(imported);
  };
  keys.forEach(visit);
  return files;
}

const entry = Object.keys(manifest).find((key) => manifest[key].isEntry);
const inbox = [entry, 'src/app/layout/AppLayout.tsx', 'src/modules/atendimento/components/InboxPage.tsx'];
/** What each first screen needs before it can draw (the budget of issue 8 applies to these). */
const routes = {
  '/login': [entry, 'src/modules/auth/components/LoginPage.tsx'],
  '/atendimento': inbox,
};
/** Loaded right after the first paint, or when the agent opens something. */
const later = {
  'after paint: real time (sync + Socket.IO client)': ['src/modules/atendimento/realtime/sincronizacao.ts', '../../node_modules/socket.io-client/build/esm/index.js'],
  'after paint: header presence and alerts': ['src/modules/atendimento/components/cabecalho/PresencaSeletor.tsx', 'src/modules/atendimento/components/cabecalho/AlertasMenu.tsx'],
  'opening a ticket: conversation + customer panel': ['src/modules/atendimento/components/chat/ChatPane.tsx', 'src/modules/atendimento/components/cliente/ClientePainel.tsx'],
  '/atendimento/configuracoes/canais': ['src/modules/configuracoes/components/ConfiguracoesLayout.tsx', 'src/modules/configuracoes/components/canais/CanaisPage.tsx'],
};

const rows = walk(dist)
  .filter((file) => /\.(js|css|html|svg)$/.test(file))
  .map((file) => ({ file, raw: statSync(join(dist, file)).size, gzip: gz(file) }))
  .sort((a, b) => b.gzip - a.gzip);

console.log('\nGzipped build output (apps/web/dist):');
for (const { file, raw, gzip } of rows) console.log(`  ${file.padEnd(48)} ${kb(raw).padStart(10)}  gzip ${kb(gzip).padStart(9)}`);
console.log(
  `  ${'total'.padEnd(48)} ${kb(rows.reduce((s, r) => s + r.raw, 0)).padStart(10)}  gzip ${kb(rows.reduce((s, r) => s + r.gzip, 0)).padStart(9)}`,
);

console.log('\nFirst load per route (index.html + JS + CSS, gzipped):');
const html = gz('index.html');
const firstLoad = new Set(closure(inbox));
for (const [route, keys] of Object.entries(routes)) {
  const files = [...closure(keys)];
  const total = html + files.reduce((sum, file) => sum + gz(file), 0);
  console.log(`  ${route.padEnd(14)} ${kb(total).padStart(9)}  (${files.length + 1} files)`);
}

console.log('\nLoaded later, on top of /atendimento (gzipped, files not already loaded):');
for (const [what, keys] of Object.entries(later)) {
  const files = [...closure(keys.filter((key) => manifest[key]))].filter((file) => !firstLoad.has(file));
  console.log(`  ${what.padEnd(50)} ${kb(files.reduce((sum, file) => sum + gz(file), 0)).padStart(9)}`);
}
