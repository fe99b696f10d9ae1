import { Param, ParseUUIDPipe } from '@nestjs/common';
import { TicketException } from './ticket.exception.js';

/** A uuid route parameter; anything else is a 400 that names the parameter. */
export function IdParam(nome: string): ParameterDecorator {
  return Param(nome, new ParseUUIDPipe({ exceptionFactory: () => TicketException.idInvalido(nome) }));
}
