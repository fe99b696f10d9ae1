import { WidgetAtende } from './widget.js';

/**
 * Entry point of `widget.js`: finds its own `<script data-atende-key="…">`, takes the API origin from the
 * script's URL (or `data-api`), and mounts the widget once the page's body exists.
 */
function scriptDoWidget(): HTMLScriptElement | null {
  const atual = document.currentScript;
  if (atual instanceof HTMLScriptElement && atual.dataset.atendeKey) return atual;
  return document.querySelector<HTMLScriptElement>('script[data-atende-key]');
}

function iniciar(script: HTMLScriptElement): void {
  const chave = script.dataset.atendeKey ?? '';
  const base = (script.dataset.api ?? new URL(script.src, document.baseURI).origin).replace(/\/+$/, '');
  const widget = new WidgetAtende({ base, chave, idioma: script.dataset.lang ?? null, nonce: script.nonce || undefined });
  void widget.iniciar();
}

const script = scriptDoWidget();
const marcador = '__atendeWebchat';
const global = window as unknown as Record<string, unknown>;
if (script === null) {
  console.warn('[Atende WebChat] falta o atributo data-atende-key no <script> do widget.');
} else if (!global[marcador]) {
  global[marcador] = true;
  if (document.body) iniciar(script);
  else document.addEventListener('DOMContentLoaded', () => iniciar(script), { once: true });
}
