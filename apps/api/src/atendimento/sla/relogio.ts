import { Injectable } from '@nestjs/common';

/**
 * The time SLA and business-hour decisions are taken at. Injected (and replaced in tests) so due times can be
 * asserted exactly; the database clock is not used for them.
 */
@Injectable()
export class Relogio {
  agora(): Date {
    return new Date();
  }
}
