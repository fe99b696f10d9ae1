import { HttpStatus } from '@nestjs/common';
import { AppException } from '../../common/app.exception.js';

export enum TemplateErrorCode {
  NaoEncontrado = 'TEMPLATE_NAO_ENCONTRADO',
  AtalhoEmUso = 'TEMPLATE_ATALHO_EM_USO',
  CanalNaoEncontrado = 'TEMPLATE_CANAL_NAO_ENCONTRADO',
  TicketNaoEncontrado = 'TEMPLATE_TICKET_NAO_ENCONTRADO',
  VariaveisNaoPreenchidas = 'TEMPLATE_VARIAVEIS_NAO_PREENCHIDAS',
  Desativado = 'TEMPLATE_DESATIVADO',
  Sincronizado = 'TEMPLATE_SINCRONIZADO',
  IdentificacaoAusente = 'TEMPLATE_IDENTIFICACAO_AUSENTE',
  CursorInvalido = 'TEMPLATE_CURSOR_INVALIDO',
}

export class TemplateException extends AppException<TemplateErrorCode> {
  static naoEncontrado(): TemplateException {
    return new TemplateException(TemplateErrorCode.NaoEncontrado, 'Template não encontrado.', HttpStatus.NOT_FOUND);
  }

  static atalhoNaoEncontrado(atalho: string): TemplateException {
    return new TemplateException(
      TemplateErrorCode.NaoEncontrado,
      `Nenhum template com o atalho /${atalho}. Veja os atalhos em GET /api/atendimento/templates?atalho=/`,
      HttpStatus.NOT_FOUND,
    );
  }

  static atalhoEmUso(atalho: string, templateId: string): TemplateException {
    return new TemplateException(
      TemplateErrorCode.AtalhoEmUso,
      `O atalho /${atalho} já é de outro template: escolha outro atalho.`,
      HttpStatus.CONFLICT,
      { templateId },
    );
  }

  static canalNaoEncontrado(): TemplateException {
    return new TemplateException(
      TemplateErrorCode.CanalNaoEncontrado,
      'Canal não encontrado: informe o id de um canal da empresa, ou omita canalId para um template de todos os canais.',
      HttpStatus.NOT_FOUND,
    );
  }

  static ticketNaoEncontrado(): TemplateException {
    return new TemplateException(TemplateErrorCode.TicketNaoEncontrado, 'Ticket não encontrado.', HttpStatus.NOT_FOUND);
  }

  /** Lists every variable left without a value, so the agent can fill all of them at once. */
  static variaveisNaoPreenchidas(templateNome: string, faltando: string[]): TemplateException {
    const lista = faltando.map((nome) => `{{${nome}}}`).join(', ');
    return new TemplateException(
      TemplateErrorCode.VariaveisNaoPreenchidas,
      `Variáveis sem valor no template "${templateNome}": ${lista}. Informe-as em "variaveis".`,
      HttpStatus.UNPROCESSABLE_ENTITY,
      { variaveisFaltando: faltando },
    );
  }

  static desativado(templateNome: string): TemplateException {
    return new TemplateException(
      TemplateErrorCode.Desativado,
      `O template "${templateNome}" está desativado: reative-o ou use outro.`,
      HttpStatus.UNPROCESSABLE_ENTITY,
    );
  }

  static sincronizado(campos: string[]): TemplateException {
    return new TemplateException(
      TemplateErrorCode.Sincronizado,
      `Template sincronizado do WhatsApp: ${campos.join(', ')} só mudam no WhatsApp Manager (depois sincronize o canal). Aqui altere apenas categoria, atalho e ativo.`,
      HttpStatus.UNPROCESSABLE_ENTITY,
      { campos },
    );
  }

  static identificacaoAusente(): TemplateException {
    return new TemplateException(
      TemplateErrorCode.IdentificacaoAusente,
      'Informe o template: templateId ou atalho.',
      HttpStatus.UNPROCESSABLE_ENTITY,
    );
  }

  static cursorInvalido(): TemplateException {
    return new TemplateException(
      TemplateErrorCode.CursorInvalido,
      'Cursor inválido: use o valor de nextCursor da página anterior, ou omita-o para a primeira página.',
      HttpStatus.BAD_REQUEST,
      { issues: [{ path: 'cursor', message: 'cursor inválido' }] },
    );
  }
}
