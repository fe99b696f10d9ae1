import { applyDecorators, HttpStatus } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { z } from 'zod';

/** Documents a response body with the JSON schema of the same zod schema the clients parse it with. */
export function ApiZodResposta(schema: z.ZodType, status: HttpStatus = HttpStatus.OK): MethodDecorator {
  const json = z.toJSONSchema(schema, { io: 'output', unrepresentable: 'any' }) as Record<string, unknown>;
  return applyDecorators(ApiResponse({ status, schema: json }));
}
