import { Relogio } from '../../../src/atendimento/sla/relogio.js';

/** A controllable clock: frozen at an instant (exact due times) and moved forward by the test. */
export class RelogioDeTeste extends Relogio {
  private instante: number;

  constructor(inicio: string | Date) {
    super();
    this.instante = +new Date(inicio);
  }

  override agora(): Date {
    return new Date(this.instante);
  }

  definir(instante: string | Date): void {
    this.instante = +new Date(instante);
  }

  avancar(ms: number): void {
    this.instante += ms;
  }
}
