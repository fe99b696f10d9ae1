import { describe, expect, it } from 'vitest';
import { domingoDePascoa, feriadosNacionais } from './feriados-nacionais.js';
import {
  type CalendarioComercial,
  type IntervaloSemanal,
  dataLocal,
  dentroDoExpediente,
  fusoHorarioValido,
  minutosComerciaisEntre,
  proximaAbertura,
  somarMinutosComerciais,
  tempoComercialEntre,
} from './horario-comercial.js';

/** Monday to Friday, 08:00–12:00 and 13:00–18:00. */
const comercial: IntervaloSemanal[] = [1, 2, 3, 4, 5].flatMap((diaSemana) => [
  { diaSemana, inicio: '08:00', fim: '12:00' },
  { diaSemana, inicio: '13:00', fim: '18:00' },
]);

function calendario(parcial: Partial<CalendarioComercial> = {}): CalendarioComercial {
  return {
    versoes: [{ vigenteDesde: new Date('2020-01-01T00:00:00Z'), fusoHorario: 'America/Sao_Paulo', intervalos: comercial }],
    feriados: [],
    ...parcial,
  };
}

const d = (iso: string) => new Date(iso);

describe('horario comercial', () => {
  it('adds business minutes across lunch, the night and a weekend (São Paulo, UTC-3)', () => {
    const cal = calendario();
    // Friday 17:00 local: 60 min left today, then Monday 08:00 + 60.
    expect(somarMinutosComerciais(cal, d('2026-11-13T20:00:00Z'), 120).toISOString()).toBe('2026-11-16T12:00:00.000Z');
    // Monday 11:30 local + 60: 30 before lunch, 30 after 13:00.
    expect(somarMinutosComerciais(cal, d('2026-11-16T14:30:00Z'), 60).toISOString()).toBe('2026-11-16T16:30:00.000Z');
    // Starting at night counts from the next opening.
    expect(somarMinutosComerciais(cal, d('2026-11-16T23:00:00Z'), 1).toISOString()).toBe('2026-11-17T11:01:00.000Z');
    // Exactly a window's length ends at its closing, not at the next opening.
    expect(somarMinutosComerciais(cal, d('2026-11-16T11:00:00Z'), 240).toISOString()).toBe('2026-11-16T15:00:00.000Z');
    expect(somarMinutosComerciais(cal, d('2026-11-16T11:00:00Z'), 0).toISOString()).toBe('2026-11-16T11:00:00.000Z');
  });

  it('counts business minutes between two instants, and the sum inverts it', () => {
    const cal = calendario();
    // Friday 17:00 → Monday 09:00 local.
    expect(minutosComerciaisEntre(cal, d('2026-11-13T20:00:00Z'), d('2026-11-16T12:00:00Z'))).toBe(120);
    // A whole week is 5 × 9 h.
    expect(minutosComerciaisEntre(cal, d('2026-11-16T03:00:00Z'), d('2026-11-23T03:00:00Z'))).toBe(5 * 9 * 60);
    expect(tempoComercialEntre(cal, d('2026-11-16T12:00:00Z'), d('2026-11-16T11:00:00Z'))).toBe(0);
    const inicio = d('2026-11-18T19:17:00Z');
    for (const minutos of [1, 59, 300, 541, 2000]) {
      expect(minutosComerciaisEntre(cal, inicio, somarMinutosComerciais(cal, inicio, minutos))).toBe(minutos);
    }
  });

  it('skips holidays, honours reduced hours and yearly recurring ones', () => {
    const cal = calendario({
      feriados: [
        // Monday 7 September: closed.
        { data: '2026-09-07', recorrente: false, intervalos: null },
        // Christmas Eve: only the morning; recurring from 2020.
        { data: '2020-12-24', recorrente: true, intervalos: [{ inicio: '08:00', fim: '12:00' }] },
        { data: '2020-12-25', recorrente: true, intervalos: null },
      ],
    });
    // Friday 4 Sep 17:00 + 120: Fri 60, Mon closed, Tue 8 Sep 08:00 + 60.
    expect(somarMinutosComerciais(cal, d('2026-09-04T20:00:00Z'), 120).toISOString()).toBe('2026-09-08T12:00:00.000Z');
    // Thursday 24 Dec 11:00 + 120: 60 on the 24th, Friday 25th closed, weekend, Monday 28 08:00 + 60.
    expect(somarMinutosComerciais(cal, d('2026-12-24T14:00:00Z'), 120).toISOString()).toBe('2026-12-28T12:00:00.000Z');
    expect(dentroDoExpediente(cal, d('2026-12-24T17:00:00Z'))).toBe(false);
    // The recurring holiday does not reach years before its date.
    expect(dentroDoExpediente(cal, d('2019-12-25T12:00:00Z'))).toBe(true);
  });

  it('finds the next opening and whether an instant is open', () => {
    const cal = calendario();
    expect(dentroDoExpediente(cal, d('2026-11-16T11:00:00Z'))).toBe(true);
    expect(dentroDoExpediente(cal, d('2026-11-16T15:30:00Z'))).toBe(false); // 12:30 lunch
    expect(dentroDoExpediente(cal, d('2026-11-16T21:00:00Z'))).toBe(false); // 18:00 closing is exclusive
    expect(proximaAbertura(cal, d('2026-11-13T22:00:00Z'))?.toISOString()).toBe('2026-11-16T11:00:00.000Z');
    expect(proximaAbertura(cal, d('2026-11-16T15:30:00Z'))?.toISOString()).toBe('2026-11-16T16:00:00.000Z');
    expect(proximaAbertura(cal, d('2026-11-16T11:05:00Z'))?.toISOString()).toBe('2026-11-16T11:05:00.000Z');
    expect(
      proximaAbertura(
        calendario({ versoes: [{ vigenteDesde: d('2020-01-01'), fusoHorario: 'UTC', intervalos: [] }] }),
        d('2026-01-01'),
      ),
    ).toBeNull();
    expect(() =>
      somarMinutosComerciais(
        calendario({ versoes: [{ vigenteDesde: d('2020-01-01'), fusoHorario: 'UTC', intervalos: [] }] }),
        d('2026-01-01'),
        1,
      ),
    ).toThrow(RangeError);
  });

  it('uses the schedule in force at each instant (versions)', () => {
    const cal = calendario({
      versoes: [
        { vigenteDesde: d('2020-01-01T00:00:00Z'), fusoHorario: 'America/Sao_Paulo', intervalos: comercial },
        // From Wednesday 18 Nov 2026 12:00 local on: mornings only.
        {
          vigenteDesde: d('2026-11-18T15:00:00Z'),
          fusoHorario: 'America/Sao_Paulo',
          intervalos: [1, 2, 3, 4, 5].map((diaSemana) => ({ diaSemana, inicio: '08:00', fim: '12:00' })),
        },
      ],
    });
    // Monday 00:00 → Saturday 00:00 local: Mon and Tue 9 h each, Wed 4 h (morning, old), Thu and Fri 4 h each.
    expect(minutosComerciaisEntre(cal, d('2026-11-16T03:00:00Z'), d('2026-11-21T03:00:00Z'))).toBe((9 + 9 + 4 + 4 + 4) * 60);
    // Tuesday 17:00 + 120: Tue 60, Wed 08:00 + 60 under the old schedule.
    expect(somarMinutosComerciais(cal, d('2026-11-17T20:00:00Z'), 120).toISOString()).toBe('2026-11-18T12:00:00.000Z');
  });

  it('handles zones with and without daylight saving time', () => {
    const diaTodo = [0, 1, 2, 3, 4, 5, 6].map((diaSemana) => ({ diaSemana, inicio: '00:00', fim: '24:00' }));
    const novaYork = calendario({
      versoes: [{ vigenteDesde: d('2020-01-01'), fusoHorario: 'America/New_York', intervalos: diaTodo }],
    });
    // 8 March 2026 springs forward: that local day has 23 hours; 1 November has 25.
    expect(tempoComercialEntre(novaYork, d('2026-03-08T05:00:00Z'), d('2026-03-09T04:00:00Z'))).toBe(23 * 3_600_000);
    expect(tempoComercialEntre(novaYork, d('2026-11-01T04:00:00Z'), d('2026-11-02T05:00:00Z'))).toBe(25 * 3_600_000);
    const manha = [0, 1, 2, 3, 4, 5, 6].map((diaSemana) => ({ diaSemana, inicio: '09:00', fim: '10:00' }));
    const ny = calendario({ versoes: [{ vigenteDesde: d('2020-01-01'), fusoHorario: 'America/New_York', intervalos: manha }] });
    // 09:00 local is 14:00Z before the change and 13:00Z after it.
    expect(proximaAbertura(ny, d('2026-03-07T12:00:00Z'))?.toISOString()).toBe('2026-03-07T14:00:00.000Z');
    expect(proximaAbertura(ny, d('2026-03-09T12:00:00Z'))?.toISOString()).toBe('2026-03-09T13:00:00.000Z');
    // Tokyo (UTC+9): Monday 08:00 local is Sunday 23:00Z.
    const toquio = calendario({ versoes: [{ vigenteDesde: d('2020-01-01'), fusoHorario: 'Asia/Tokyo', intervalos: comercial }] });
    expect(proximaAbertura(toquio, d('2026-11-14T00:00:00Z'))?.toISOString()).toBe('2026-11-15T23:00:00.000Z');
    expect(dataLocal(d('2026-11-15T23:00:00Z'), 'Asia/Tokyo')).toBe('2026-11-16');
    expect(fusoHorarioValido('America/Sao_Paulo')).toBe(true);
    expect(fusoHorarioValido('Marte/Olimpo')).toBe(false);
  });
});

describe('feriados nacionais', () => {
  it('computes Easter and the movable holidays from it', () => {
    expect(domingoDePascoa(2024).toISOString().slice(0, 10)).toBe('2024-03-31');
    expect(domingoDePascoa(2025).toISOString().slice(0, 10)).toBe('2025-04-20');
    expect(domingoDePascoa(2026).toISOString().slice(0, 10)).toBe('2026-04-05');
    const datas = feriadosNacionais(2026).map((f) => f.data);
    expect(datas).toEqual([
      '2026-01-01',
      '2026-02-16',
      '2026-02-17',
      '2026-04-03',
      '2026-04-21',
      '2026-05-01',
      '2026-06-04',
      '2026-09-07',
      '2026-10-12',
      '2026-11-02',
      '2026-11-15',
      '2026-11-20',
      '2026-12-25',
    ]);
    expect(feriadosNacionais(2023).some((f) => f.data === '2023-11-20')).toBe(false);
  });
});
