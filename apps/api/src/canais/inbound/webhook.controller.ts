import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiExcludeEndpoint, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Publico } from '../../auth/auth.decorators.js';
import { WebhookService } from './webhook.service.js';

/**
 * The GET handshakes of the webhook endpoints; the POSTs are served ahead of Nest (webhook-recepcao.ts).
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
}
