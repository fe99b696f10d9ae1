/** A national holiday of Brazil on a given date. */
export interface FeriadoNacional {
  /** `YYYY-MM-DD`. */
  data: string;
  nome: string;
}

/** Easter Sunday (Gregorian), by the anonymous algorithm (Meeus/Jones/Butcher). */
export function domingoDePascoa(ano: number): Date {
  const a = ano % 19;
  const b = Math.floor(ano / 100);
  const c = ano % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const mes = Math.floor((h + l - 7 * m + 114) / 31);
  const dia = ((h + l - 7 * m + 114) % 31) + 1;
  return new Date(Date.UTC(ano, mes - 1, dia));
}

function deslocar(data: Date, dias: number): string {
  return new Date(+data + dias * 86_400_000).toISOString().slice(0, 10);
}

/**
 * The days Brazilian businesses close nationwide in `ano`: the federal holidays (Lei 662/1949, 6.802/1980,
 * 14.759/2023 for 20 November from 2024) plus Carnaval and Corpus Christi, which are optional federally but
 * closed by most operations. Preloaded as editable rows: an empresa that works on them deletes them.
 */
export function feriadosNacionais(ano: number): FeriadoNacional[] {
  const pascoa = domingoDePascoa(ano);
  const fixo = (mesDia: string, nome: string): FeriadoNacional => ({ data: `${ano}-${mesDia}`, nome });
  const lista: FeriadoNacional[] = [
    fixo('01-01', 'Confraternização Universal'),
    { data: deslocar(pascoa, -48), nome: 'Carnaval (segunda-feira)' },
    { data: deslocar(pascoa, -47), nome: 'Carnaval (terça-feira)' },
    { data: deslocar(pascoa, -2), nome: 'Sexta-feira Santa' },
    fixo('04-21', 'Tiradentes'),
    fixo('05-01', 'Dia do Trabalho'),
    { data: deslocar(pascoa, 60), nome: 'Corpus Christi' },
    fixo('09-07', 'Independência do Brasil'),
    fixo('10-12', 'Nossa Senhora Aparecida'),
    fixo('11-02', 'Finados'),
    fixo('11-15', 'Proclamação da República'),
    fixo('12-25', 'Natal'),
  ];
  if (ano >= 2024) lista.push(fixo('11-20', 'Dia Nacional de Zumbi e da Consciência Negra'));
  return lista.sort((a, b) => a.data.localeCompare(b.data));
}
