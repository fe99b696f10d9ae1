import { Inject, Injectable } from '@nestjs/common';
import { MetaMessagingAdapter } from '../meta/meta-messaging.adapter.js';
import {
  MESSENGER_OPTIONS,
  MESSENGER_SECRET_FIELDS,
  messengerCredentialsSchema,
  type MessengerCredentials,
  type MetaMessagingOptions,
} from '../meta/meta.types.js';

/** Facebook Messenger: one Page per canal, routed by the webhook's `entry.id` (the page id). */
@Injectable()
export class MessengerAdapter extends MetaMessagingAdapter<MessengerCredentials> {
  readonly kind = 'messenger' as const;

  constructor(@Inject(MESSENGER_OPTIONS) options: MetaMessagingOptions) {
    super(
      {
        kind: 'messenger',
        object: 'page',
        label: 'Messenger',
        credentialsSchema: messengerCredentialsSchema,
        secretFields: MESSENGER_SECRET_FIELDS,
        account: (credentials) => ({ accountId: credentials.pageId, accessToken: credentials.pageAccessToken }),
        statusFields: 'id,name',
        maxTextLength: 2000,
        echoMetadata: true,
        uploads: true,
        tokenAction:
          'Gere um token de acesso da Página (permissões pages_messaging e pages_manage_metadata) e atualize o pageAccessToken do canal.',
      },
      options,
    );
  }
}
