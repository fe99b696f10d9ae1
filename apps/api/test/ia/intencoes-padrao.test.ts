import { IA_INTENCOES_PADRAO, iaConfigSchema, iaIntencoesPadraoSchema } from '@atende/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sessao, sessoesPadrao } from '../atendimento/contatos/apoio.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

describe('IA: intenções padrão (para o editor de intenções das configurações)', () => {
  let t: TestApp;
  let admin: Sessao;
  let outra: Sessao;
  let atendente: Sessao;
  const auth = (s: Sessao) => ({ Authorization: `Bearer ${s.token}` });

  beforeAll(async () => {
    t = await createTestApp();
    ({ admin, outra, atendente } = await sessoesPadrao(t));
  });

  afterAll(async () => {
    await t.close();
  });

  it('gives the admin the default intents with their examples, whatever the empresa stored', async () => {
    const personalizadas = [{ nome: 'agendar', exemplos: ['quero marcar uma consulta'] }];
    await t.http().put('/api/atendimento/ia/config').set(auth(admin)).send({ intencoes: personalizadas }).expect(200);

    const r = await t.http().get('/api/atendimento/ia/config/intencoes-padrao').set(auth(admin));
    expect(r.status).toBe(200);
    const { intencoes } = iaIntencoesPadraoSchema.parse(r.body);
    expect(intencoes.map((i) => i.nome)).toEqual([...IA_INTENCOES_PADRAO]);
    expect(intencoes.find((i) => i.nome === 'cancelar')?.exemplos).toContain('quero cancelar');
    // What the editor restores is accepted back as is.
    const salva = await t.http().put('/api/atendimento/ia/config').set(auth(admin)).send({ intencoes });
    expect(salva.status).toBe(200);
    expect(iaConfigSchema.parse(salva.body).intencoes).toEqual(intencoes);
    // The other empresa's list was never touched.
    const daOutra = await t.http().get('/api/atendimento/ia/config').set(auth(outra));
    expect(daOutra.body.intencoes).toEqual(intencoes);
  });

  it('is admin-only', async () => {
    expect((await t.http().get('/api/atendimento/ia/config/intencoes-padrao').set(auth(atendente))).status).toBe(403);
    expect((await t.http().get('/api/atendimento/ia/config/intencoes-padrao')).status).toBe(401);
  });

  it('names the repeated intent and the bad example in the 400', async () => {
    const r = await t
      .http()
      .put('/api/atendimento/ia/config')
      .set(auth(admin))
      .send({
        intencoes: [
          { nome: 'agendar', exemplos: ['quero marcar'] },
          { nome: 'agendar', exemplos: ['x'] },
        ],
      });
    expect(r.status).toBe(400);
    const caminhos = (r.body.issues as { path: string; message: string }[]).map((i) => [i.path, i.message]);
    expect(caminhos).toContainEqual(['intencoes.1.exemplos.0', 'cada exemplo tem ao menos 2 caracteres']);
    expect(caminhos).toContainEqual(['intencoes.1.nome', 'nome de intenção repetido: agendar']);
  });
});
