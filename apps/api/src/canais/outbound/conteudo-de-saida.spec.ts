import { describe, expect, it } from 'vitest';
import { conteudoDeSaida, resumoDoConteudo } from './conteudo-de-saida.js';
import type { MensagemParaEnvio } from './mensagem-envio.repository.js';

function mensagem(campos: Partial<MensagemParaEnvio>): MensagemParaEnvio {
  return {
    id: '00000000-0000-4000-8000-000000000001',
    ticketId: '00000000-0000-4000-8000-000000000002',
    contatoId: '00000000-0000-4000-8000-000000000003',
    canalId: '00000000-0000-4000-8000-000000000004',
    direcao: 'enviada',
    privada: false,
    tipo: 'texto',
    conteudo: 'Olá!',
    payload: {},
    externalId: null,
    status: 'pendente',
    citadaExternalId: null,
    templateId: null,
    filaId: null,
    atendenteId: null,
    ultimaMensagemClienteEm: null,
    humana: true,
    ...campos,
  };
}

describe('conteudoDeSaida', () => {
  it('sends text as is', () => {
    expect(conteudoDeSaida(mensagem({}))).toEqual({ ok: true, conteudo: { type: 'texto', text: 'Olá!' } });
  });

  it('uploads the attachment bytes, with the text as caption', () => {
    const data = Buffer.from('png');
    const resultado = conteudoDeSaida(mensagem({ tipo: 'imagem', conteudo: 'a foto' }), {
      arquivo: { data, mimeType: 'image/png', filename: 'a.png' },
    });
    expect(resultado).toEqual({
      ok: true,
      conteudo: {
        type: 'midia',
        kind: 'imagem',
        source: { type: 'upload', data, mimeType: 'image/png', filename: 'a.png' },
        filename: 'a.png',
        caption: 'a foto',
      },
    });
    if (!resultado.ok) throw new Error('esperava conteúdo');
    expect(resumoDoConteudo(resultado.conteudo, '5511999990000', undefined)).toEqual({
      para: '5511999990000',
      conteudo: {
        type: 'midia',
        kind: 'imagem',
        source: { type: 'upload', mimeType: 'image/png', filename: 'a.png', bytes: 3 },
        filename: 'a.png',
        caption: 'a foto',
      },
    });
  });

  it('sends media by link when there is no attachment', () => {
    const resultado = conteudoDeSaida(
      mensagem({ tipo: 'documento', conteudo: null, payload: { midia: { url: 'https://x.test/a.pdf', nomeArquivo: 'a.pdf' } } }),
    );
    expect(resultado).toEqual({
      ok: true,
      conteudo: { type: 'midia', kind: 'documento', source: { type: 'link', url: 'https://x.test/a.pdf' }, filename: 'a.pdf' },
    });
    expect(conteudoDeSaida(mensagem({ tipo: 'video', payload: {} })).ok).toBe(false);
  });

  it('sends provider templates with their components filled', () => {
    const componentes = [{ type: 'body', parameters: [{ type: 'text', text: 'Ana' }] }];
    expect(
      conteudoDeSaida(
        mensagem({ tipo: 'template', payload: { template: { nome: 'boas_vindas', idioma: 'pt_BR', componentes } } }),
      ),
    ).toEqual({
      ok: true,
      conteudo: { type: 'template', name: 'boas_vindas', language: 'pt_BR', components: componentes },
    });
    expect(conteudoDeSaida(mensagem({ tipo: 'template', payload: {} })).ok).toBe(false);
  });

  it('fills a synced template from the variables by name: header, body and URL buttons', () => {
    const sincronizado = [
      { type: 'header', format: 'TEXT', text: 'Pedido {{1}}', variables: ['1'] },
      { type: 'body', text: 'Olá {{1}}, seu pedido {{2}} saiu.', variables: ['1', '2'] },
      { type: 'footer', text: 'Acme', variables: [] },
      {
        type: 'buttons',
        variables: ['1'],
        buttons: [
          { type: 'QUICK_REPLY', text: 'Ok' },
          { type: 'URL', text: 'Rastrear', url: 'https://acme.test/r/{{1}}' },
        ],
      },
    ];
    const payload = { template: { nome: 'pedido_enviado', idioma: 'pt_BR', variaveis: { '1': 'Ana', '2': '#1042' } } };
    expect(conteudoDeSaida(mensagem({ tipo: 'template', payload }), { componentesDoTemplate: sincronizado })).toEqual({
      ok: true,
      conteudo: {
        type: 'template',
        name: 'pedido_enviado',
        language: 'pt_BR',
        components: [
          { type: 'header', parameters: [{ type: 'text', text: 'Ana' }] },
          {
            type: 'body',
            parameters: [
              { type: 'text', text: 'Ana' },
              { type: 'text', text: '#1042' },
            ],
          },
          { type: 'button', subType: 'url', index: 1, parameters: [{ type: 'text', text: 'Ana' }] },
        ],
      },
    });
    const nomeado = [{ type: 'body', text: 'Oi {{nome}}', variables: ['nome'] }];
    expect(
      conteudoDeSaida(
        mensagem({ tipo: 'template', payload: { template: { nome: 'oi', idioma: 'pt_BR', variaveis: { nome: 'Bia' } } } }),
        {
          componentesDoTemplate: nomeado,
        },
      ),
    ).toMatchObject({
      ok: true,
      conteudo: { components: [{ type: 'body', parameters: [{ type: 'text', text: 'Bia', parameterName: 'nome' }] }] },
    });
    expect(
      conteudoDeSaida(mensagem({ tipo: 'template', payload: { template: { nome: 'oi', idioma: 'pt_BR', variaveis: {} } } }), {
        componentesDoTemplate: nomeado,
      }),
    ).toEqual({ ok: false, motivo: 'Variáveis do template sem valor: nome.' });
    expect(
      conteudoDeSaida(mensagem({ tipo: 'template', payload: { template: { nome: 'x', idioma: 'pt_BR' } } }), {
        componentesDoTemplate: [{ type: 'header', format: 'IMAGE', variables: [] }],
      }).ok,
    ).toBe(false);
  });

  it('sends locations and reactions, refuses what the adapters cannot express', () => {
    expect(
      conteudoDeSaida(
        mensagem({ tipo: 'localizacao', payload: { localizacao: { latitude: -23.5, longitude: -46.6, name: 'Loja' } } }),
      ),
    ).toEqual({
      ok: true,
      conteudo: { type: 'localizacao', location: { latitude: -23.5, longitude: -46.6, name: 'Loja' } },
    });
    expect(
      conteudoDeSaida(mensagem({ tipo: 'reacao', payload: { reacao: { alvoExternalId: 'wamid.X', emoji: null } } })),
    ).toEqual({
      ok: true,
      conteudo: { type: 'reacao', targetExternalId: 'wamid.X', emoji: null },
    });
    expect(conteudoDeSaida(mensagem({ tipo: 'contato' }))).toEqual({ ok: false, motivo: expect.stringContaining('contato') });
    expect(conteudoDeSaida(mensagem({ conteudo: '  ' })).ok).toBe(false);
  });
});
