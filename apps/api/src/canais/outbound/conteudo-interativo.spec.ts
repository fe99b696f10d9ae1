import { describe, expect, it } from 'vitest';
import { interativaWhatsApp } from '../whatsapp/whatsapp.adapter.js';
import { conteudoDeSaida } from './conteudo-de-saida.js';
import type { MensagemParaEnvio } from './mensagem-envio.repository.js';

function pergunta(opcoes: { id: string; chave: string; titulo: string }[]): MensagemParaEnvio {
  return {
    id: '00000000-0000-4000-8000-000000000001',
    ticketId: '00000000-0000-4000-8000-000000000002',
    contatoId: '00000000-0000-4000-8000-000000000003',
    canalId: '00000000-0000-4000-8000-000000000004',
    direcao: 'enviada',
    privada: false,
    tipo: 'interativa',
    conteudo: 'Como foi?',
    payload: { interativa: { opcoes, botao: 'Avaliar' } },
    externalId: null,
    status: 'pendente',
    citadaExternalId: null,
    templateId: null,
    filaId: null,
    atendenteId: null,
    ultimaMensagemClienteEm: null,
    humana: false,
  };
}

const duas = [
  { id: 'a', chave: '1', titulo: 'Sim' },
  { id: 'b', chave: '2', titulo: 'Não' },
];

describe('interactive choices on the way out', () => {
  it('become tappable options where the canal has them', () => {
    expect(conteudoDeSaida(pergunta(duas), { opcoes: { maxOptions: 10, maxTitleLength: 24 } })).toEqual({
      ok: true,
      conteudo: {
        type: 'opcoes',
        text: 'Como foi?',
        options: [
          { id: 'a', title: '1 - Sim' },
          { id: 'b', title: '2 - Não' },
        ],
        buttonLabel: 'Avaliar',
      },
    });
  });

  it('become numbered lines where the canal has no buttons or a choice does not fit', () => {
    const texto = { ok: true, conteudo: { type: 'texto', text: 'Como foi?\n1 - Sim\n2 - Não' } };
    expect(conteudoDeSaida(pergunta(duas))).toEqual(texto);
    expect(conteudoDeSaida(pergunta(duas), { opcoes: { maxOptions: 1, maxTitleLength: 24 } })).toEqual(texto);
    expect(conteudoDeSaida(pergunta(duas), { opcoes: { maxOptions: 10, maxTitleLength: 5 } })).toEqual(texto);
  });

  it('fail permanently without choices', () => {
    const semOpcoes = { ...pergunta(duas), payload: {} };
    expect(conteudoDeSaida(semOpcoes, { opcoes: { maxOptions: 10, maxTitleLength: 24 } }).ok).toBe(false);
  });

  it('go to WhatsApp as reply buttons up to three, as a list beyond', () => {
    const options = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `o${i}`, title: `Opção número ${i} bem comprida` }));
    expect(interativaWhatsApp({ type: 'opcoes', text: 'Escolha', options: options(3) })).toEqual({
      type: 'button',
      body: { text: 'Escolha' },
      action: {
        buttons: [0, 1, 2].map((i) => ({ type: 'reply', reply: { id: `o${i}`, title: `Opção número ${i} bem comprida`.slice(0, 20) } })),
      },
    });
    const lista = interativaWhatsApp({ type: 'opcoes', text: 'Escolha', options: options(4), buttonLabel: 'Ver' });
    expect(lista).toMatchObject({ type: 'list', action: { button: 'Ver' } });
    expect(lista.type === 'list' ? lista.action.sections[0]?.rows.length : 0).toBe(4);
  });
});
