import { Injectable } from '@nestjs/common';
import type { AtualizarUsuario, CriarUsuario, UsuarioDto } from '@atende/shared';
import { hashSenha } from '../auth/senha.js';
import { TransactionHost } from '../database/transaction-host.js';
import type { Usuario } from './usuario.entity.js';
import { UsuarioException } from './usuario.exception.js';
import { UsuarioRepository } from './usuario.repository.js';

export function toUsuarioDto(usuario: Usuario): UsuarioDto {
  return {
    id: usuario.id,
    nome: usuario.nome,
    email: usuario.email,
    papel: usuario.papel,
    ativo: usuario.ativo,
    ultimoLoginEm: usuario.ultimoLoginEm?.toISOString() ?? null,
    criadoEm: usuario.criadoEm.toISOString(),
  };
}

@Injectable()
export class UsuarioService {
  constructor(
    private readonly tx: TransactionHost,
    private readonly usuarios: UsuarioRepository,
  ) {}

  async listar(): Promise<UsuarioDto[]> {
    return (await this.usuarios.listar()).map(toUsuarioDto);
  }

  async buscar(id: string): Promise<UsuarioDto> {
    const usuario = await this.usuarios.findById(id);
    if (!usuario) throw UsuarioException.naoEncontrado();
    return toUsuarioDto(usuario);
  }

  async criar(dto: CriarUsuario): Promise<UsuarioDto> {
    const senhaHash = await hashSenha(dto.senha);
    return this.tx.run(async () => {
      if (await this.usuarios.existeEmail(dto.email)) throw UsuarioException.emailEmUso();
      const usuario = await this.usuarios.create({
        nome: dto.nome,
        email: dto.email.trim().toLowerCase(),
        senhaHash,
        papel: dto.papel,
        ativo: true,
      });
      return toUsuarioDto(usuario);
    });
  }

  async atualizar(id: string, dto: AtualizarUsuario): Promise<UsuarioDto> {
    const senhaHash = dto.senha ? await hashSenha(dto.senha) : undefined;
    return this.tx.run(async () => {
      const usuario = await this.usuarios.findById(id);
      if (!usuario) throw UsuarioException.naoEncontrado();
      const deixaDeSerAdmin = usuario.papel === 'admin' && ((dto.papel && dto.papel !== 'admin') || dto.ativo === false);
      if (deixaDeSerAdmin && (await this.usuarios.contarAdminsAtivos()) <= 1) throw UsuarioException.ultimoAdmin();
      if (dto.nome !== undefined) usuario.nome = dto.nome;
      if (dto.papel !== undefined) usuario.papel = dto.papel;
      if (dto.ativo !== undefined) usuario.ativo = dto.ativo;
      if (senhaHash) usuario.senhaHash = senhaHash;
      return toUsuarioDto(await this.usuarios.save(usuario));
    });
  }
}
