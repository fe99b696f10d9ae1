import { create } from 'zustand';
import { createJSONStorage, persist } from 'zustand/middleware';

/** How the agent wants to hear about new work: a sound and/or a browser notification. */
interface AlertasState {
  som: boolean;
  notificacoes: boolean;
  alternarSom: () => void;
  definirNotificacoes: (ativas: boolean) => void;
}

export const useAlertasStore = create<AlertasState>()(
  persist(
    (set) => ({
      som: true,
      notificacoes: true,
      alternarSom: () => set((state) => ({ som: !state.som })),
      definirNotificacoes: (notificacoes) => set({ notificacoes }),
    }),
    { name: 'atende.alertas', version: 1, storage: createJSONStorage(() => window.localStorage) },
  ),
);

let audio: AudioContext | null = null;

/**
 * Browsers only let a page make sound after the user interacted with it, and creating the AudioContext is slow
 * (it opens the audio device): prepare it on the first click or key press, never in the middle of an event.
 */
function prepararAudio(): void {
  if (audio || typeof AudioContext === 'undefined') return;
  try {
    audio = new AudioContext();
  } catch {
    audio = null;
  }
}

if (typeof window !== 'undefined') {
  window.addEventListener('pointerdown', prepararAudio, { once: true, capture: true });
  window.addEventListener('keydown', prepararAudio, { once: true, capture: true });
}

function tocarAgora(): void {
  const contexto = audio;
  if (!contexto) return;
  try {
    if (contexto.state === 'suspended') void contexto.resume();
    const inicio = contexto.currentTime;
    [880, 1320].forEach((frequencia, indice) => {
      const oscilador = contexto.createOscillator();
      const ganho = contexto.createGain();
      oscilador.type = 'sine';
      oscilador.frequency.value = frequencia;
      const t0 = inicio + indice * 0.14;
      ganho.gain.setValueAtTime(0.0001, t0);
      ganho.gain.exponentialRampToValueAtTime(0.18, t0 + 0.02);
      ganho.gain.exponentialRampToValueAtTime(0.0001, t0 + 0.22);
      oscilador.connect(ganho).connect(contexto.destination);
      oscilador.start(t0);
      oscilador.stop(t0 + 0.25);
    });
  } catch {
    // Audio can fail (no output device); the visual cues remain.
  }
}

/** A short two-note chime, synthesised so no media file (or media CSP rule) is needed. Plays after the UI updates. */
export function tocarSom(): void {
  if (!useAlertasStore.getState().som) return;
  setTimeout(tocarAgora, 0);
}

export function permissaoDeNotificacao(): NotificationPermission | 'indisponivel' {
  return typeof Notification === 'undefined' ? 'indisponivel' : Notification.permission;
}

export async function pedirPermissaoDeNotificacao(): Promise<NotificationPermission | 'indisponivel'> {
  if (typeof Notification === 'undefined') return 'indisponivel';
  if (Notification.permission !== 'default') return Notification.permission;
  return Notification.requestPermission();
}

/** A browser notification when the tab is not in front; clicking it focuses the tab and runs `aoClicar`. */
export function notificar(titulo: string, corpo: string, tag: string, aoClicar: () => void): void {
  if (!useAlertasStore.getState().notificacoes || permissaoDeNotificacao() !== 'granted') return;
  if (document.visibilityState === 'visible' && document.hasFocus()) return;
  try {
    const notificacao = new Notification(titulo, { body: corpo, tag, icon: '/favicon.svg' });
    notificacao.onclick = () => {
      window.focus();
      aoClicar();
      notificacao.close();
    };
  } catch {
    // Some browsers only allow notifications from a service worker; the sound and badges still tell.
  }
}
