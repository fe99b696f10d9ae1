/** Collects positional parameters while a statement is assembled from optional parts. */
export class SqlParams {
  readonly valores: unknown[] = [];

  /** Adds a value and returns its placeholder (`$n`). */
  p(valor: unknown): string {
    this.valores.push(valor);
    return `$${this.valores.length}`;
  }
}
