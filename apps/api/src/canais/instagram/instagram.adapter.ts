import { Inject, Injectable } from '@nestjs/common';
import { MetaMessagingAdapter } from '../meta/meta-messaging.adapter.js';
import {
  INSTAGRAM_OPTIONS,
  INSTAGRAM_SECRET_FIELDS,
  instagramCredentialsSchema,
  type InstagramCredentials,
  type MetaMessagingOptions,
} from '../meta/meta.types.js';

/** Instagram Direct: one professional account per canal, routed by the webhook's `entry.id` (the IG account id). */
@Injectable()
export class InstagramAdapter extends MetaMessagingAdapter<InstagramCredentials> {
  readonly kind = 'instagram' as const;

  constructor(@Inject(INSTAGRAM_OPTIONS) options: MetaMessagingOptions) {
    super(
      {
        kind: 'instagram',
        object: 'instagram',
        label: 'Instagram',
        credentialsSchema: instagramCredentialsSchema,
        secretFields: INSTAGRAM_SECRET_FIELDS,
        account: (credentials) => ({ accountId: credentials.instagramAccountId, accessToken: credentials.accessToken }),
        statusFields: 'id,username',
        maxTextLength: 1000,
        echoMetadata: false,
        uploads: false,
        tokenAction:
          'Gere um novo token da conta profissional (permissão instagram_business_manage_messages) e atualize o accessToken do canal.',
      },
      options,
    );
  }
}
