import { createHash } from 'node:crypto';
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import type { Response } from 'superagent';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MensagemDto } from '@atende/shared';
import { RequestContext } from '../../src/common/request-context.js';
import { AppConfig } from '../../src/config/app-config.js';
import { StorageService } from '../../src/storage/storage.service.js';
import { TAMANHO_MAXIMO_ANEXO } from '../../src/atendimento/mensagens/anexo-upload.interceptor.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { auth, Fixtures } from '../atendimento/tickets/fixtures.js';

/** A 1×1 transparent PNG. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');

function binario(resposta: Response, callback: (erro: Error | null, corpo: Buffer) => void): void {
  const partes: Buffer[] = [];
  resposta.on('data', (parte: Buffer) => partes.push(parte));
  resposta.on('end', () => callback(null, Buffer.concat(partes)));
}

function arquivosEm(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((nome) => statSync(join(dir, nome)).isFile());
}

describe('anexos: multipart upload, storage, download', () => {
  let t: TestApp;
  let f: Fixtures;
  let token: string;
  let ticketId: string;
  let raiz: string;

  const enviar = () =>
    t
      .http()
      .post(`/api/atendimento/tickets/${ticketId}/mensagens`)
      .set(...auth(token));
  const baixar = (id: string, comToken = token) =>
    t
      .http()
      .get(`/api/atendimento/anexos/${id}`)
      .set(...auth(comToken))
      .buffer(true)
      .parse(binario);

  beforeAll(async () => {
    t = await createTestApp();
    ({ fixtures: f, token } = await Fixtures.demo(t));
    ticketId = await f.ticket(await f.contato(), await f.canal('telegram'));
    raiz = join(t.app.get(AppConfig).values.ATENDE_DATA_DIR, 'anexos');
  }, 120_000);
  afterAll(() => t?.close());

  it('uploads an image with a caption (tipo imagem) and downloads the same bytes with its type and name', async () => {
    const resposta = await enviar()
      .field('conteudo', 'foto do produto')
      .attach('arquivo', PNG, { filename: 'produto.png', contentType: 'image/png' });
    expect(resposta.status).toBe(201);
    const mensagem = resposta.body as MensagemDto;
    expect(mensagem).toMatchObject({ tipo: 'imagem', conteudo: 'foto do produto', status: 'pendente', direcao: 'enviada' });
    expect(mensagem.anexos).toHaveLength(1);
    const [anexo] = mensagem.anexos;
    expect(anexo).toMatchObject({
      mensagemId: mensagem.id,
      nomeArquivo: 'produto.png',
      mimeTipo: 'image/png',
      tamanhoBytes: PNG.length,
      sha256: createHash('sha256').update(PNG).digest('hex'),
      url: `/api/atendimento/anexos/${anexo!.id}`,
    });

    const download = await baixar(anexo!.id);
    expect(download.status).toBe(200);
    expect(download.headers['content-type']).toBe('image/png');
    expect(download.headers['content-disposition']).toBe(`inline; filename="produto.png"; filename*=UTF-8''produto.png`);
    expect(download.headers['content-length']).toBe(String(PNG.length));
    expect(Buffer.compare(download.body as Buffer, PNG)).toBe(0);

    const pagina = (
      await t
        .http()
        .get(`/api/atendimento/tickets/${ticketId}/mensagens`)
        .set(...auth(token))
    ).body.items as MensagemDto[];
    expect(pagina.find((m) => m.id === mensagem.id)?.anexos.map((a) => a.id)).toEqual([anexo!.id]);
    const ticket = await t
      .http()
      .get(`/api/atendimento/tickets/${ticketId}`)
      .set(...auth(token));
    expect(ticket.body.ultimaMensagem.resumo).toBe('foto do produto');
  });

  it('infers the mensagem type from the MIME type; names keep UTF-8; HTML and unknown types download as attachments', async () => {
    const casos = [
      { nome: 'nota de voz.ogg', mime: 'audio/ogg', tipo: 'audio' },
      { nome: 'vídeo.mp4', mime: 'video/mp4', tipo: 'video' },
      { nome: 'relatório final.pdf', mime: 'application/pdf', tipo: 'documento' },
      { nome: 'pagina.html', mime: 'text/html', tipo: 'documento' },
    ];
    for (const caso of casos) {
      const resposta = await enviar().attach('arquivo', Buffer.from(`conteúdo de ${caso.nome}`), {
        filename: caso.nome,
        contentType: caso.mime,
      });
      expect(resposta.status).toBe(201);
      expect(resposta.body).toMatchObject({
        tipo: caso.tipo,
        conteudo: null,
        anexos: [{ nomeArquivo: caso.nome, mimeTipo: caso.mime }],
      });
      const download = await baixar(resposta.body.anexos[0].id as string);
      expect(download.headers['content-type']).toContain(caso.mime);
      const disposicao = download.headers['content-disposition'] as string;
      expect(disposicao.startsWith(caso.mime === 'text/html' ? 'attachment;' : 'inline;')).toBe(true);
      expect(disposicao).toContain(`filename*=UTF-8''${encodeURIComponent(caso.nome)}`);
    }
    const resumo = (
      await t
        .http()
        .get(`/api/atendimento/tickets/${ticketId}`)
        .set(...auth(token))
    ).body.ultimaMensagem.resumo;
    expect(resumo).toBe('Documento');
  });

  it('a private note may carry a file; it is never queued for sending', async () => {
    const resposta = await enviar()
      .field('privada', 'true')
      .field('conteudo', 'print do erro')
      .attach('arquivo', PNG, { filename: 'erro.png', contentType: 'image/png' });
    expect(resposta.status).toBe(201);
    expect(resposta.body).toMatchObject({ privada: true, status: 'enviada', tipo: 'imagem' });
  });

  it('clear 400/413s: no file, empty file, wrong field, two files, bad fields, and a file over the limit', async () => {
    const semArquivo = await enviar().field('conteudo', 'cadê?');
    expect(semArquivo.status).toBe(400);
    expect(semArquivo.body.code).toBe('MENSAGEM_ARQUIVO_AUSENTE');
    expect(semArquivo.body.message).toMatch(/campo "arquivo"/);

    const vazio = await enviar().attach('arquivo', Buffer.alloc(0), { filename: 'vazio.txt', contentType: 'text/plain' });
    expect(vazio.status).toBe(400);
    expect(vazio.body.code).toBe('MENSAGEM_ARQUIVO_VAZIO');

    const campoErrado = await enviar().attach('file', PNG, { filename: 'x.png', contentType: 'image/png' });
    expect(campoErrado.status).toBe(400);
    expect(campoErrado.body.message).toMatch(/o campo do arquivo é "arquivo"/);

    const dois = await enviar()
      .attach('arquivo', PNG, { filename: 'a.png', contentType: 'image/png' })
      .attach('arquivo', PNG, { filename: 'b.png', contentType: 'image/png' });
    expect(dois.status).toBe(400);
    expect(dois.body.code).toBe('MENSAGEM_MULTIPART_INVALIDO');

    const camposRuins = await enviar()
      .field('privada', 'talvez')
      .attach('arquivo', PNG, { filename: 'x.png', contentType: 'image/png' });
    expect(camposRuins.status).toBe(400);
    expect(camposRuins.body.issues.map((i: { path: string }) => i.path)).toEqual(['privada']);

    const antes = arquivosEm(raiz).length;
    const grande = await enviar().attach('arquivo', Buffer.alloc(TAMANHO_MAXIMO_ANEXO + 1, 1), {
      filename: 'grande.bin',
      contentType: 'application/octet-stream',
    });
    expect(grande.status).toBe(413);
    expect(grande.body.code).toBe('MENSAGEM_ARQUIVO_GRANDE_DEMAIS');
    expect(grande.body.message).toMatch(/16 MB/);
    expect(arquivosEm(raiz).length).toBe(antes);
  });

  it('a send refused by the canal policy leaves no file behind', async () => {
    const whatsapp = await f.canal('whatsapp');
    const semJanela = await f.ticket(await f.contato(), whatsapp);
    const antes = arquivosEm(raiz).length;
    const recusada = await t
      .http()
      .post(`/api/atendimento/tickets/${semJanela}/mensagens`)
      .set(...auth(token))
      .attach('arquivo', PNG, { filename: 'x.png', contentType: 'image/png' });
    expect(recusada.status).toBe(422);
    expect(arquivosEm(raiz).length).toBe(antes);
    const [{ total }] = (await f.sql<{ total: number }>(
      `SELECT count(*)::int AS total FROM atendimento_anexos a JOIN atendimento_mensagens m ON m.id = a.mensagem_id WHERE m.ticket_id = $1`,
      [semJanela],
    )) as [{ total: number }];
    expect(total).toBe(0);
  });

  it('StorageService: salvar stores bytes + sha256 + size for the current empresa; abrir streams them; vincular links once', async () => {
    const storage = t.app.get(StorageService);
    const dados = Buffer.from('áudio baixado do WhatsApp');
    const anexo = await RequestContext.runForEmpresa(f.empresaId, () =>
      storage.salvar({
        dados,
        nome: '../../etc/passwd',
        mimeType: 'Audio/OGG; codecs=opus',
        externalId: 'media-123',
        metadados: { voz: true },
      }),
    );
    expect(anexo).toMatchObject({
      empresaId: f.empresaId,
      nomeArquivo: 'passwd',
      mimeTipo: 'audio/ogg; codecs=opus',
      tamanhoBytes: String(dados.length),
      sha256: createHash('sha256').update(dados).digest('hex'),
      externalId: 'media-123',
      metadados: { voz: true },
      mensagemId: null,
    });
    expect(anexo.storageChave.startsWith(`${f.empresaId}/`)).toBe(true);
    expect(existsSync(join(raiz, anexo.storageChave))).toBe(true);

    const { stream } = await RequestContext.runForEmpresa(f.empresaId, () => storage.abrir(anexo.id));
    const lidos: Buffer[] = [];
    for await (const parte of stream as Readable) lidos.push(parte as Buffer);
    expect(Buffer.concat(lidos).toString()).toBe('áudio baixado do WhatsApp');

    // An upload waiting for its mensagem is downloadable by the empresa.
    expect((await baixar(anexo.id)).status).toBe(200);

    const { mensagem } = await f.mensagemDoCliente(ticketId, '', { tipo: 'audio', anexoIds: [anexo.id] });
    const pagina = (
      await t
        .http()
        .get(`/api/atendimento/tickets/${ticketId}/mensagens?limite=1`)
        .set(...auth(token))
    ).body.items as MensagemDto[];
    expect(pagina[0]).toMatchObject({ id: mensagem.id, tipo: 'audio', anexos: [{ id: anexo.id, metadados: { voz: true } }] });
    await expect(f.mensagemDoCliente(ticketId, 'de novo', { anexoIds: [anexo.id] })).rejects.toMatchObject({ status: 422 });

    const semEmpresa = storage.salvar({ dados, mimeType: 'text/plain' });
    await expect(semEmpresa).rejects.toThrow(/sem empresa no contexto/);
  });

  it('GET /anexos/:id: 400 for a malformed id, 404 unknown, 410 when the bytes are gone', async () => {
    const malformado = await t
      .http()
      .get('/api/atendimento/anexos/123')
      .set(...auth(token));
    expect(malformado.status).toBe(400);
    expect(malformado.body.message).toMatch(/id inválido/);
    expect(
      (
        await t
          .http()
          .get('/api/atendimento/anexos/00000000-0000-4000-8000-000000000000')
          .set(...auth(token))
      ).status,
    ).toBe(404);
    expect((await t.http().get('/api/atendimento/anexos/00000000-0000-4000-8000-000000000000')).status).toBe(401);

    const anexo = await RequestContext.runForEmpresa(f.empresaId, () =>
      t.app.get(StorageService).salvar({ dados: Buffer.from('x'), nome: 'x.txt', mimeType: 'text/plain' }),
    );
    rmSync(join(raiz, anexo.storageChave));
    const sumiu = await t
      .http()
      .get(`/api/atendimento/anexos/${anexo.id}`)
      .set(...auth(token));
    expect(sumiu.status).toBe(410);
    expect(sumiu.body.code).toBe('ANEXO_ARQUIVO_INDISPONIVEL');
  });
});
