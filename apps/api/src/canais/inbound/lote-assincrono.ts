/**
 * Group commit for concurrent callers: each `submeter` joins the next batch, and a batch runs as soon as one
 * of `maxEmVoo` slots is free, taking everything that queued meanwhile (up to `maxPorLote`). Alone, a call
 * runs at once in a batch of one (no timer, no added latency); under load, calls that arrive while the slots
 * are busy share one batch, so they share its transaction and its round trips to the database.
 *
 * `processar` answers one result per item, in order: a value, or an Error for that item alone. If it throws,
 * the batch is retried item by item, so one bad item never fails the others.
 */
export class LoteAssincrono<P, R> {
  private readonly fila: { item: P; resolver: (valor: R) => void; rejeitar: (erro: unknown) => void }[] = [];
  private emVoo = 0;

  constructor(
    private readonly processar: (itens: P[]) => Promise<(R | Error)[]>,
    private readonly opcoes: { maxEmVoo: number; maxPorLote: number },
  ) {}

  submeter(item: P): Promise<R> {
    return new Promise<R>((resolver, rejeitar) => {
      this.fila.push({ item, resolver, rejeitar });
      this.despachar();
    });
  }

  private despachar(): void {
    while (this.emVoo < this.opcoes.maxEmVoo && this.fila.length > 0) {
      const lote = this.fila.splice(0, this.opcoes.maxPorLote);
      this.emVoo += 1;
      void this.executar(lote).finally(() => {
        this.emVoo -= 1;
        this.despachar();
      });
    }
  }

  private async executar(lote: typeof this.fila): Promise<void> {
    let resultados: (R | Error)[];
    try {
      resultados = await this.processar(lote.map((pedido) => pedido.item));
    } catch (erro) {
      if (lote.length === 1) {
        lote[0].rejeitar(erro);
        return;
      }
      for (const pedido of lote) await this.executar([pedido]);
      return;
    }
    lote.forEach((pedido, i) => {
      const resultado = resultados[i];
      if (resultado instanceof Error) pedido.rejeitar(resultado);
      else pedido.resolver(resultado);
    });
  }
}
