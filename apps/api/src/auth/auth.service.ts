import { Injectable } from '@nestjs/common';
import type { AuthSession, LoginRequest, RegistrarRequest, UsuarioAutenticado } from '@atende/shared';
import { AppConfig } from '../config/app-config.js';
import { RequestContext, type Ator } from '../common/request-context.js';
import { TransactionHost } from '../database/transaction-host.js';
import { EmpresaRepository } from '../empresas/empresa.repository.js';
import { slugify } from '../empresas/slug.js';
import type { Usuario } from '../usuarios/usuario.entity.js';
import { UsuarioRepository } from '../usuarios/usuario.repository.js';
import { AuthSessaoRepository } from './auth-sessao.repository.js';
import { AuthException } from './auth.exception.js';
import { confereSenha, hashSenha } from './senha.js';
import { TokenService } from './token.service.js';

export interface ClienteInfo {
  userAgent?: string;
  ip?: string;
}

@Injectable()
export class AuthService {
  constructor(
    private readonly config: AppConfig,
    private readonly tx: TransactionHost,
    private readonly tokens: TokenService,
    private readonly usuarios: UsuarioRepository,
    private readonly empresas: EmpresaRepository,
    private readonly sessoes: AuthSessaoRepository,
  ) {}

  async login(dto: LoginRequest, cliente: ClienteInfo): Promise<AuthSession> {
    const usuario = await this.usuarios.findAtivoParaLogin(dto.email);
    const ok = await confereSenha(usuario?.senhaHash, dto.senha);
    if (!usuario || !ok) throw AuthException.credenciaisInvalidas();
    return RequestContext.runForEmpresa(usuario.empresaId, async () => {
      await this.usuarios.registrarLogin(usuario.id);
      return (await this.abrirSessao(usuario, cliente)).resposta;
    });
  }

  /** Rotates the refresh token. Presenting an already-rotated token revokes every session of the user. */
  async refresh(refreshToken: string, cliente: ClienteInfo): Promise<AuthSession> {
    const { sessaoId, segredo } = this.tokens.lerRefresh(refreshToken);
    const resultado = await this.tx.run(async () => {
      const sessao = await this.sessoes.findParaRotacao(sessaoId);
      if (!sessao || !this.tokens.confere(segredo, sessao.tokenHash)) return { erro: 'invalido' as const };
      if (sessao.revogadaEm) {
        if (sessao.substituidaPor) await this.sessoes.revogarTodasDoUsuario(sessao.usuarioId);
        return { erro: 'reuso' as const };
      }
      if (sessao.expiraEm.getTime() <= Date.now()) return { erro: 'invalido' as const };
      return RequestContext.runForEmpresa(sessao.empresaId, async () => {
        const usuario = await this.usuarios.findAtivo(sessao.usuarioId);
        if (!usuario) return { erro: 'invalido' as const };
        const nova = await this.abrirSessao(usuario, cliente);
        await this.sessoes.marcarSubstituida(sessao.id, nova.sessaoId);
        return { sessao: nova.resposta };
      });
    });
    if ('erro' in resultado) throw AuthException.refreshInvalido();
    return resultado.sessao;
  }

  async logout(refreshToken: string): Promise<void> {
    const { sessaoId, segredo } = this.tokens.lerRefresh(refreshToken);
    const sessao = await this.sessoes.findById(sessaoId);
    if (sessao && this.tokens.confere(segredo, sessao.tokenHash)) await this.sessoes.revogar(sessao.id);
  }

  async registrar(dto: RegistrarRequest, cliente: ClienteInfo): Promise<AuthSession> {
    if (!this.config.values.ATENDE_SIGNUP) throw AuthException.cadastroDesativado();
    const usuario = await this.criarEmpresaComAdmin(dto.empresa, dto.nome, dto.email, dto.senha);
    return RequestContext.runForEmpresa(usuario.empresaId, async () => (await this.abrirSessao(usuario, cliente)).resposta);
  }

  /** Creates an empresa and its first admin in one transaction (sign-up and the demo seed). */
  async criarEmpresaComAdmin(nomeEmpresa: string, nome: string, email: string, senha: string): Promise<Usuario> {
    const senhaHash = await hashSenha(senha);
    return this.tx.run(async () => {
      if (await this.usuarios.existeEmail(email)) throw AuthException.emailEmUso();
      const empresa = await this.empresas.criar(nomeEmpresa, await this.slugLivre(nomeEmpresa));
      return RequestContext.runForEmpresa(empresa.id, () =>
        this.usuarios.create({ nome, email: email.trim().toLowerCase(), senhaHash, papel: 'admin', ativo: true }),
      );
    });
  }

  async me(ator: Ator): Promise<{ usuario: UsuarioAutenticado }> {
    const usuario = await this.usuarios.findAtivo(ator.usuarioId);
    if (!usuario) throw AuthException.tokenInvalido();
    return { usuario: await this.descrever(usuario) };
  }

  private async abrirSessao(usuario: Usuario, cliente: ClienteInfo): Promise<{ sessaoId: string; resposta: AuthSession }> {
    const { segredo, hash } = this.tokens.novoSegredo();
    const sessao = await this.sessoes.criar({
      usuarioId: usuario.id,
      empresaId: usuario.empresaId,
      tokenHash: hash,
      expiraEm: new Date(Date.now() + this.config.values.ATENDE_REFRESH_TOKEN_TTL),
      userAgent: cliente.userAgent?.slice(0, 300) ?? null,
      ip: cliente.ip ?? null,
    });
    const descricao = await this.descrever(usuario);
    const accessToken = await this.tokens.assinarAcesso({
      usuarioId: usuario.id,
      empresaId: usuario.empresaId,
      papel: usuario.papel,
      nome: usuario.nome,
    });
    return {
      sessaoId: sessao.id,
      resposta: { accessToken, refreshToken: this.tokens.montarRefresh(sessao.id, segredo), usuario: descricao },
    };
  }

  private async descrever(usuario: Usuario): Promise<UsuarioAutenticado> {
    const empresa = await this.empresas.findById(usuario.empresaId);
    return {
      id: usuario.id,
      nome: usuario.nome,
      email: usuario.email,
      papel: usuario.papel,
      empresaId: usuario.empresaId,
      empresaNome: empresa?.nome ?? '',
    };
  }

  private async slugLivre(nome: string): Promise<string> {
    const base = slugify(nome) || 'empresa';
    for (let n = 1; ; n++) {
      const candidato = n === 1 ? base : `${base}-${n}`;
      if (!(await this.empresas.existeSlug(candidato))) return candidato;
    }
  }
}
