import type { MensagemDto } from '@atende/shared';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { revogarAnexos } from '../../../../lib/anexos.js';
import { useAuthStore } from '../../../../lib/auth-store.js';
import { anexoFixture, mensagemFixture, uuid } from '../../../../test/fixtures.js';
import { renderWithProviders, sessionFixture } from '../../../../test/render.js';
import { MensagemBolha } from './MensagemBolha.js';
import { COR_LIDA } from './StatusEntrega.js';

const fetchMock = vi.fn<typeof globalThis.fetch>();

function renderBolha(mensagem: MensagemDto, props: { onReenviar?: (m: MensagemDto) => void; onResponder?: (m: MensagemDto) => void } = {}) {
  return renderWithProviders(<MensagemBolha mensagem={mensagem} mostrarAutor contatoNome="Carla Dias" {...props} />);
}

const enviada = (overrides: Partial<MensagemDto>) =>
  mensagemFixture({
    direcao: 'enviada',
    status: 'enviada',
    conteudo: 'Já verifico para você',
    remetente: { usuarioId: uuid(500), atendenteId: uuid(501), nome: 'Ana Lima', bot: false },
    ...overrides,
  });

beforeEach(() => {
  useAuthStore.getState().setSession(sessionFixture('1'));
  fetchMock.mockReset();
  fetchMock.mockImplementation(async () => new Response('bytes', { status: 200, headers: { 'Content-Type': 'application/octet-stream' } }));
  vi.stubGlobal('fetch', fetchMock);
  URL.createObjectURL = vi.fn(() => 'blob:http://localhost/anexo');
  URL.revokeObjectURL = vi.fn();
});

afterEach(() => {
  revogarAnexos();
  vi.unstubAllGlobals();
  useAuthStore.getState().clearSession();
});

describe('MensagemBolha: message types', () => {
  it('renders text from the customer on the left with the sender and time', () => {
    renderBolha(mensagemFixture({ conteudo: 'Meu pedido não chegou\nJá faz 5 dias' }));
    const artigo = screen.getByRole('article', { name: 'Mensagem de Carla Dias' });
    expect(artigo).toHaveAttribute('data-lado', 'cliente');
    expect(within(artigo).getByText(/Meu pedido não chegou/)).toHaveTextContent('Meu pedido não chegou Já faz 5 dias');
    expect(within(artigo).getByText('Carla Dias')).toBeInTheDocument();
    expect(artigo.querySelector('time')).toHaveAttribute('dateTime', '2026-11-29T15:00:00.000Z');
  });

  it('loads an image with the bearer token and shows it', async () => {
    const anexo = anexoFixture({ nomeArquivo: 'caixa.jpg', mimeTipo: 'image/jpeg' });
    renderBolha(mensagemFixture({ tipo: 'imagem', conteudo: 'Caixa amassada', anexos: [anexo] }));

    const imagem = await screen.findByRole('img', { name: 'caixa.jpg' });
    expect(imagem).toHaveAttribute('src', 'blob:http://localhost/anexo');
    expect(screen.getByText('Caixa amassada')).toBeInTheDocument();
    const [url, init] = fetchMock.mock.calls[0]!;
    expect(url).toBe(anexo.url);
    expect(init?.headers).toEqual({ Authorization: 'Bearer access-1' });
  });

  it('renders an audio player and a video player', async () => {
    renderBolha(mensagemFixture({ tipo: 'audio', conteudo: null, anexos: [anexoFixture({ mimeTipo: 'audio/ogg; codecs=opus' })] }));
    renderBolha(mensagemFixture({ tipo: 'video', conteudo: null, anexos: [anexoFixture({ nomeArquivo: 'unboxing.mp4', mimeTipo: 'video/mp4' })] }));

    await waitFor(() => expect(document.querySelector('audio')).toHaveAttribute('src', 'blob:http://localhost/anexo'));
    expect(document.querySelector('audio')).toHaveAttribute('controls');
    await waitFor(() => expect(document.querySelector('video')).toHaveAttribute('aria-label', 'unboxing.mp4'));
  });

  it('renders a document as a file card with a download button', async () => {
    const user = userEvent.setup();
    renderBolha(mensagemFixture({ tipo: 'documento', conteudo: null, anexos: [anexoFixture({ nomeArquivo: 'nota-fiscal.pdf', mimeTipo: 'application/pdf', tamanhoBytes: 245_000 })] }));

    expect(screen.getByText('nota-fiscal.pdf')).toBeInTheDocument();
    expect(screen.getByText('application/pdf · 245 kB')).toBeInTheDocument();
    const clique = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined);
    await user.click(screen.getByRole('button', { name: 'Baixar nota-fiscal.pdf' }));
    await waitFor(() => expect(clique).toHaveBeenCalled());
  });

  it('renders a location with a map link', () => {
    renderBolha(
      mensagemFixture({
        tipo: 'localizacao',
        conteudo: 'Meta HQ',
        payload: { localizacao: { latitude: 37.4611978, longitude: -122.2164385, name: 'Meta HQ', address: '1 Hacker Way' } },
      }),
    );
    expect(screen.getByText('Meta HQ')).toBeInTheDocument();
    expect(screen.getByText('1 Hacker Way')).toBeInTheDocument();
    expect(screen.getByText('37.46120, -122.21644')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Abrir no mapa' })).toHaveAttribute('href', expect.stringContaining('mlat=37.4611978'));
  });

  it('renders contact cards', () => {
    renderBolha(
      mensagemFixture({
        tipo: 'contato',
        conteudo: 'Barbara J. Johnson',
        payload: { contatos: [{ name: 'Barbara J. Johnson', phones: [{ phone: '+1 (940) 555-1234', type: 'MOBILE' }], emails: [{ email: 'bj@example.com' }] }] },
      }),
    );
    expect(screen.getByText('Barbara J. Johnson')).toBeInTheDocument();
    expect(screen.getByText('+1 (940) 555-1234 (mobile)')).toBeInTheDocument();
    expect(screen.getByText('bj@example.com')).toBeInTheDocument();
  });

  it('renders stickers, reactions, button replies, templates and unsupported messages', async () => {
    renderBolha(mensagemFixture({ tipo: 'sticker', conteudo: null, anexos: [anexoFixture({ nomeArquivo: 'sticker.webp', mimeTipo: 'image/webp' })] }));
    renderBolha(mensagemFixture({ tipo: 'reacao', conteudo: '👍' }));
    renderBolha(mensagemFixture({ tipo: 'interativa', conteudo: 'Sim, resolvido', payload: { interativa: { tipo: 'button_reply', id: 'sim', titulo: 'Sim, resolvido' } } }));
    renderBolha(enviada({ tipo: 'template', conteudo: 'Seu pedido saiu para entrega' }));
    renderBolha(mensagemFixture({ tipo: 'desconhecido', conteudo: null }));

    expect(await screen.findByRole('img', { name: 'sticker.webp' })).toBeInTheDocument();
    expect(screen.getByText('Reagiu com')).toBeInTheDocument();
    expect(screen.getByText('👍')).toBeInTheDocument();
    expect(screen.getByText('Resposta de botão')).toBeInTheDocument();
    expect(screen.getByText('Sim, resolvido')).toBeInTheDocument();
    expect(screen.getByText('Template')).toBeInTheDocument();
    expect(screen.getByText('Seu pedido saiu para entrega')).toBeInTheDocument();
    expect(screen.getByText('O cliente enviou um tipo de mensagem que o canal não repassa.')).toBeInTheDocument();
  });

  it('shows a quoted reply, and a system notice centred', () => {
    renderBolha(
      mensagemFixture({
        conteudo: 'Esse mesmo',
        respondeA: { id: uuid(), direcao: 'enviada', tipo: 'texto', conteudo: 'Qual o número do pedido?', remetenteNome: 'Ana Lima', removida: false },
      }),
    );
    renderBolha(mensagemFixture({ tipo: 'sistema', conteudo: 'Ticket transferido para Financeiro' }));

    const citacao = screen.getByRole('button', { name: 'Ir para a mensagem citada' });
    expect(citacao).toHaveTextContent('Ana Lima');
    expect(citacao).toHaveTextContent('Qual o número do pedido?');
    expect(screen.getByText('Ticket transferido para Financeiro')).toBeInTheDocument();
  });

  it('shows internal notes distinctly and without delivery ticks', () => {
    renderBolha(enviada({ privada: true, conteudo: 'Cliente pediu reembolso antes', status: 'enviada' }));
    const nota = screen.getByRole('article', { name: 'Nota interna de Ana Lima' });
    expect(nota).toHaveAttribute('data-privada', 'true');
    expect(within(nota).getByText('Nota interna · Ana Lima')).toBeInTheDocument();
    expect(within(nota).queryByRole('img', { name: 'Enviada' })).not.toBeInTheDocument();
  });

  it('lets the agent reply quoting a message', async () => {
    const user = userEvent.setup();
    const onResponder = vi.fn();
    const mensagem = mensagemFixture({ conteudo: 'Pode me ligar?' });
    renderBolha(mensagem, { onResponder });
    await user.click(screen.getByRole('button', { name: 'Responder a Carla Dias' }));
    expect(onResponder).toHaveBeenCalledWith(mensagem);
  });
});

describe('MensagemBolha: voice-note transcripts', () => {
  const audio = (overrides: Partial<MensagemDto>) =>
    mensagemFixture({ tipo: 'audio', conteudo: null, anexos: [anexoFixture({ mimeTipo: 'audio/ogg; codecs=opus' })], ...overrides });

  it('shows the transcript under the player', async () => {
    renderBolha(audio({ transcricao: 'Quero cancelar a assinatura', transcricaoStatus: 'concluida' }));
    await waitFor(() => expect(document.querySelector('audio')).toBeInTheDocument());
    expect(screen.getByText(/Quero cancelar a assinatura/)).toBeInTheDocument();
  });

  it('says the audio was not transcribed instead of inventing text', () => {
    renderBolha(audio({ transcricaoStatus: 'indisponivel' }));
    expect(screen.getByText('Áudio não transcrito')).toBeInTheDocument();
  });

  it('shows nothing for a mensagem that was never audio', () => {
    renderBolha(mensagemFixture({ conteudo: 'oi' }));
    expect(screen.queryByText(/transcri/i)).toBeNull();
  });
});

describe('MensagemBolha: delivery ticks', () => {
  it.each([
    ['pendente', 'Enviando'],
    ['enviada', 'Enviada'],
    ['entregue', 'Entregue'],
    ['lida', 'Lida'],
  ] as const)('shows %s', (status, rotulo) => {
    renderBolha(enviada({ status }));
    const artigo = screen.getByRole('article', { name: 'Mensagem enviada por Ana Lima' });
    expect(artigo).toHaveAttribute('data-lado', 'nossa');
    const tick = within(artigo).getByRole('img', { name: rotulo });
    expect(tick).toHaveAttribute('data-status', status);
  });

  it('colours "lida" blue and the others grey', () => {
    renderBolha(enviada({ id: uuid(), status: 'lida' }));
    renderBolha(enviada({ id: uuid(), status: 'entregue' }));
    expect(screen.getByRole('img', { name: 'Lida' })).toHaveAttribute('stroke', COR_LIDA);
    expect(screen.getByRole('img', { name: 'Entregue' })).toHaveAttribute('stroke', 'var(--mantine-color-dimmed)');
  });

  it('shows a failure with the provider error and a retry', async () => {
    const user = userEvent.setup();
    const onReenviar = vi.fn();
    const falhou = enviada({ status: 'falhou', erro: { codigo: '131047', mensagem: 'Janela de 24 horas expirada' } });
    renderBolha(falhou, { onReenviar });

    expect(screen.getByRole('img', { name: 'Falhou' })).toHaveAttribute('data-status', 'falhou');
    expect(screen.getByRole('alert')).toHaveTextContent('Não enviada: Janela de 24 horas expirada (131047)');
    await user.click(screen.getByRole('button', { name: 'Tentar de novo' }));
    expect(onReenviar).toHaveBeenCalledWith(falhou);
  });

  it('shows no ticks on received messages', () => {
    renderBolha(mensagemFixture({ status: 'recebida' }));
    expect(screen.queryByRole('img', { name: /Enviada|Entregue|Lida|Enviando/ })).not.toBeInTheDocument();
  });

  it("shows the sources of the AI bot's answer to the agents", () => {
    renderBolha(
      enviada({
        conteudo: 'Trocas de tamanho são gratuitas em até 30 dias.',
        remetente: { usuarioId: null, atendenteId: null, nome: null, bot: true },
        payload: {
          ia: { tipo: 'resposta', citacoes: [{ id: `artigo:${uuid(900)}`, titulo: 'Política de trocas' }], confianca: 0.9, provedor: 'local', motivo: null },
        },
      }),
    );
    expect(screen.getByText('Fontes usadas pelo bot: Política de trocas')).toBeInTheDocument();
  });
});
