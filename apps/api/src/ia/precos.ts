/** USD per million tokens (input, output), by model prefix; unknown models (self-hosted) cost 0. */
const PRECOS: [prefixo: string, entrada: number, saida: number][] = [
  ['gpt-4o-mini', 0.15, 0.6],
  ['gpt-4o', 2.5, 10],
  ['gpt-4.1-nano', 0.1, 0.4],
  ['gpt-4.1-mini', 0.4, 1.6],
  ['gpt-4.1', 2, 8],
  ['gpt-5-mini', 0.25, 2],
  ['gpt-5', 1.25, 10],
  ['text-embedding-3-small', 0.02, 0],
  ['text-embedding-3-large', 0.13, 0],
  ['claude-haiku', 1, 5],
  ['claude-3-5-haiku', 0.8, 4],
  ['claude-sonnet', 3, 15],
  ['claude-3-5-sonnet', 3, 15],
  ['claude-opus', 15, 75],
];

export function custoEstimado(modelo: string, tokensEntrada: number, tokensSaida: number): number {
  const preco = PRECOS.find(([prefixo]) => modelo.startsWith(prefixo));
  if (!preco) return 0;
  return (tokensEntrada * preco[1] + tokensSaida * preco[2]) / 1_000_000;
}
