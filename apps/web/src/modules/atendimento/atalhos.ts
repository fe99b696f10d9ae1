/** The workspace's keyboard shortcuts, listed in the help dialog (Shift+?). Alt combinations work while typing. */
export const ATALHOS = [
  { id: 'atribuir', teclas: ['Alt', 'A'], hotkey: 'alt+A' },
  { id: 'transferir', teclas: ['Alt', 'T'], hotkey: 'alt+T' },
  { id: 'resolver', teclas: ['Alt', 'R'], hotkey: 'alt+R' },
  { id: 'reabrir', teclas: ['Alt', 'O'], hotkey: 'alt+O' },
  { id: 'prioridade', teclas: ['Alt', 'P'], hotkey: 'alt+P' },
  { id: 'tags', teclas: ['Alt', 'G'], hotkey: 'alt+G' },
  { id: 'nota', teclas: ['Alt', 'N'], hotkey: 'alt+N' },
  { id: 'templates', teclas: ['Alt', 'M'], hotkey: 'alt+M' },
  { id: 'cliente', teclas: ['Alt', 'C'], hotkey: 'alt+C' },
  { id: 'proximo', teclas: ['Alt', 'J'], hotkey: 'alt+J' },
  { id: 'anterior', teclas: ['Alt', 'K'], hotkey: 'alt+K' },
  { id: 'ajuda', teclas: ['Shift', '?'], hotkey: 'shift+?' },
] as const;

export type AtalhoId = (typeof ATALHOS)[number]['id'];

export function teclasDoAtalho(id: AtalhoId): readonly string[] {
  return ATALHOS.find((atalho) => atalho.id === id)?.teclas ?? [];
}

/** "Alt+A", for tooltips and aria-keyshortcuts. */
export function rotuloDoAtalho(id: AtalhoId): string {
  return teclasDoAtalho(id).join('+');
}
