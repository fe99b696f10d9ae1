import '@testing-library/jest-dom/vitest';
import { cleanup, configure } from '@testing-library/react';
import { afterEach, vi } from 'vitest';
import { carregarPacote } from '../lib/i18n.js';
import { desconectarRealtime } from '../lib/socket.js';

// Lazy chunks (filters, dialogs) are transformed on first import: on a loaded CI machine that takes seconds.
configure({ asyncUtilTimeout: 5_000 });

// The settings and reports strings load with their routes in the app; component tests render those screens directly.
await carregarPacote('configuracoes');

// No real Socket.IO connection in component tests: a scripted stand-in (see fake-socket.ts).
vi.mock('socket.io-client', async () => {
  const { FakeSocket, socketsCriados } = await import('./fake-socket.js');
  return {
    io: () => {
      const socket = new FakeSocket();
      socketsCriados.push(socket);
      return socket;
    },
  };
});

// jsdom lacks the layout and media APIs Mantine reads; these are inert stand-ins.
Object.defineProperty(window, 'matchMedia', {
  writable: true,
  value: vi.fn().mockImplementation((query: string) => ({
    matches: false,
    media: query,
    onchange: null,
    addListener: vi.fn(),
    removeListener: vi.fn(),
    addEventListener: vi.fn(),
    removeEventListener: vi.fn(),
    dispatchEvent: vi.fn(),
  })),
});

class ResizeObserverStub {
  observe(): void {}
  unobserve(): void {}
  disconnect(): void {}
}
window.ResizeObserver = ResizeObserverStub;

/** Everything is "in view" at once: media previews load immediately in tests. */
class IntersectionObserverStub {
  readonly root = null;
  readonly rootMargin = '';
  readonly thresholds: number[] = [];
  constructor(private readonly callback: IntersectionObserverCallback) {}
  observe(target: Element): void {
    this.callback(
      [{ isIntersecting: true, target, intersectionRatio: 1 } as IntersectionObserverEntry],
      this as unknown as IntersectionObserver,
    );
  }
  unobserve(): void {}
  disconnect(): void {}
  takeRecords(): IntersectionObserverEntry[] {
    return [];
  }
}
window.IntersectionObserver = IntersectionObserverStub as unknown as typeof IntersectionObserver;
window.HTMLElement.prototype.scrollIntoView = function scrollIntoView() {};
// jsdom lays nothing out (every size is 0): give elements a viewport-like box so virtualized lists render rows.
Object.defineProperty(window.HTMLElement.prototype, 'clientHeight', { configurable: true, get: () => 800 });
Object.defineProperty(window.HTMLElement.prototype, 'clientWidth', { configurable: true, get: () => 400 });
// Textarea autosize listens for web fonts loading.
Object.defineProperty(document, 'fonts', {
  configurable: true,
  value: { addEventListener: vi.fn(), removeEventListener: vi.fn(), ready: Promise.resolve() },
});

afterEach(() => {
  cleanup();
  desconectarRealtime();
  window.localStorage.clear();
});
