import { describe, expect, it } from 'vitest';
import { type CalendarioComercial, inicioDoFechamento } from './horario-comercial.js';

/** Monday to Friday 08:00–18:00 in São Paulo (UTC−3), with a holiday on Tuesday 17 November 2026. */
const calendario: CalendarioComercial = {
  versoes: [
    {
      vigenteDesde: new Date('2020-01-01T00:00:00Z'),
      fusoHorario: 'America/Sao_Paulo',
      intervalos: [1, 2, 3, 4, 5].map((diaSemana) => ({ diaSemana, inicio: '08:00', fim: '18:00' })),
    },
  ],
  feriados: [{ data: '2026-11-17', recorrente: false, intervalos: null }],
};

describe('inicioDoFechamento', () => {
  it('is null while the expediente is open', () => {
    expect(inicioDoFechamento(calendario, new Date('2026-11-16T12:00:00Z'))).toBeNull();
  });

  it('is the last closing before a weekend or night instant', () => {
    // Saturday noon → Friday 18:00 local.
    expect(inicioDoFechamento(calendario, new Date('2026-11-14T15:00:00Z'))?.toISOString()).toBe('2026-11-13T21:00:00.000Z');
    // Monday 07:59 local → still Friday's closing.
    expect(inicioDoFechamento(calendario, new Date('2026-11-16T10:59:00Z'))?.toISOString()).toBe('2026-11-13T21:00:00.000Z');
    // Tuesday (holiday) noon → Monday 18:00 local.
    expect(inicioDoFechamento(calendario, new Date('2026-11-17T15:00:00Z'))?.toISOString()).toBe('2026-11-16T21:00:00.000Z');
  });

  it('is the epoch for a calendar that was never open', () => {
    const nunca: CalendarioComercial = { versoes: [{ ...calendario.versoes[0]!, intervalos: [] }], feriados: [] };
    expect(inicioDoFechamento(nunca, new Date('2026-11-14T15:00:00Z'))?.getTime()).toBe(0);
  });
});
