import { randomBytes } from 'node:crypto';
import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { WorkflowService } from '../atendimento/workflows/workflow.service.js';
import { RequestContext } from '../common/request-context.js';
import { AppConfig } from '../config/app-config.js';
import { TransactionHost } from '../database/transaction-host.js';
import { EmpresaRepository } from '../empresas/empresa.repository.js';
import { AuthService } from './auth.service.js';

export const DEMO_ADMIN_EMAIL_PADRAO = 'admin@demo.atende.local';

/** On first start with an empty database, creates the "Demo" empresa, its admin and an example (inactive) workflow. */
@Injectable()
export class DemoSeedService implements OnApplicationBootstrap {
  private readonly logger = new Logger(DemoSeedService.name);

  constructor(
    private readonly config: AppConfig,
    private readonly tx: TransactionHost,
    private readonly empresas: EmpresaRepository,
    private readonly auth: AuthService,
    private readonly workflows: WorkflowService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.runsHttp) return;
    await this.semear();
  }

  async semear(): Promise<boolean> {
    const email = this.config.values.ATENDE_ADMIN_EMAIL ?? DEMO_ADMIN_EMAIL_PADRAO;
    const senhaInformada = this.config.values.ATENDE_ADMIN_SENHA;
    const senha = senhaInformada ?? randomBytes(12).toString('base64url');
    const criada = await this.tx.run(async () => {
      // Several instances may boot at once against one PostgreSQL: only one seeds.
      await this.tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', ['atende:demo-seed']);
      if (await this.empresas.existeAlguma()) return false;
      const admin = await this.auth.criarEmpresaComAdmin('Demo', 'Administrador', email, senha);
      await RequestContext.runForEmpresa(admin.empresaId, () => this.workflows.semearExemplo());
      return true;
    });
    if (!criada) return false;
    if (senhaInformada) {
      this.logger.log({ email }, 'Empresa "Demo" criada com o administrador de ATENDE_ADMIN_EMAIL');
    } else {
      // Printed once, on purpose: there is no other way to learn a generated password.
      this.logger.warn(
        { email, senha },
        'Empresa "Demo" criada. Entre com este e-mail e esta senha gerada (mostrada só agora) e troque-a; ' +
          'ou defina ATENDE_ADMIN_EMAIL e ATENDE_ADMIN_SENHA antes do primeiro início.',
      );
    }
    return true;
  }
}
