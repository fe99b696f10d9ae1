import { Controller, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeEndpoint, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { WebhookRecebido } from '@atende/shared';
import { Publico } from '../../auth/auth.decorators.js';
import { WebhookService } from './webhook.service.js';

type RequisicaoBruta = Request & { rawBody?: Buffer };

/**
 * One webhook endpoint per channel kind, the same pipeline behind all of them. Kinds whose payload names the
 * account (WhatsApp: phone_number_id) post to `/webhooks/<tipo>`; kinds that do not (Telegram) post to
 * `/webhooks/<tipo>/<canalId>`. Authentication is the provider's signature, checked by the adapter.
 */
@ApiTags('webhooks')
@Publico()
@Controller('atendimento/webhooks')
export class WebhookController {
  constructor(private readonly webhooks: WebhookService) {}

  @Get(':tipo')
  @ApiOperation({
    summary: 'Verificação de assinatura do webhook (Meta: hub.mode, hub.verify_token, hub.challenge)',
    description: 'Responde 200 com hub.challenge em texto puro quando o verify token é o de um canal ativo; 403 caso contrário.',
  })
  @ApiParam({ name: 'tipo', example: 'whatsapp' })
  handshake(
    @Param('tipo') tipo: string,
    @Query() query: unknown,
    @Res({ passthrough: true }) response: Response,
  ): Promise<string> {
    return this.webhooks.handshake(tipo, undefined, query, response);
  }

  @Get(':tipo/:canalId')
  @ApiExcludeEndpoint()
  handshakeDoCanal(
    @Param('tipo') tipo: string,
    @Param('canalId') canalId: string,
    @Query() query: unknown,
    @Res({ passthrough: true }) response: Response,
  ): Promise<string> {
    return this.webhooks.handshake(tipo, canalId, query, response);
  }

  @Post(':tipo')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Recebe eventos do provedor (WhatsApp Cloud API…)',
    description:
      'Assinatura X-Hub-Signature-256 sobre o corpo bruto: 401 sem gravar nada se ausente ou inválida. 200 só depois de gravar ' +
      'os eventos; número (phone_number_id) desconhecido: 200 sem gravar nada (o provedor não deve reenviar). JSON inválido: 400.',
  })
  @ApiParam({ name: 'tipo', example: 'whatsapp' })
  receber(@Param('tipo') tipo: string, @Req() request: RequisicaoBruta): Promise<WebhookRecebido> {
    return this.webhooks.receber(tipo, undefined, request);
  }

  @Post(':tipo/:canalId')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Recebe eventos de canais identificados pela URL (Telegram)',
    description: 'Telegram: cabeçalho X-Telegram-Bot-Api-Secret-Token. Canal desconhecido ou inativo: 404.',
  })
  @ApiParam({ name: 'tipo', example: 'telegram' })
  receberDoCanal(
    @Param('tipo') tipo: string,
    @Param('canalId') canalId: string,
    @Req() request: RequisicaoBruta,
  ): Promise<WebhookRecebido> {
    return this.webhooks.receber(tipo, canalId, request);
  }
}
