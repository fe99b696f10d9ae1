import type { TicketDto } from '@atende/shared';
import type { TFunction } from 'i18next';
import { currentIdioma } from '../../lib/i18n.js';

const MINUTO = 60_000;
const HORA = 60 * MINUTO;
const DIA = 24 * HORA;

/** "agora", "5 min", "3 h", "2 d": the compact age the ticket list shows. */
export function tempoCurto(desde: string, agora: number, t: TFunction): string {
  const ms = Math.max(0, agora - Date.parse(desde));
  if (ms < MINUTO) return t('tempo.agora');
  if (ms < HORA) return t('tempo.minutos', { n: Math.floor(ms / MINUTO) });
  if (ms < DIA) return t('tempo.horas', { n: Math.floor(ms / HORA) });
  return t('tempo.dias', { n: Math.floor(ms / DIA) });
}

export function horaCurta(iso: string): string {
  return new Intl.DateTimeFormat(currentIdioma(), { hour: '2-digit', minute: '2-digit' }).format(new Date(iso));
}

export function dataHora(iso: string): string {
  return new Intl.DateTimeFormat(currentIdioma(), { dateStyle: 'short', timeStyle: 'short' }).format(new Date(iso));
}

export function dataCurta(iso: string): string {
  return new Intl.DateTimeFormat(currentIdioma(), { dateStyle: 'medium' }).format(new Date(iso));
}

/** Local calendar day of an instant, for grouping messages under day separators. */
export function chaveDoDia(iso: string): string {
  const data = new Date(iso);
  return `${data.getFullYear()}-${String(data.getMonth() + 1).padStart(2, '0')}-${String(data.getDate()).padStart(2, '0')}`;
}

/** "Hoje", "Ontem" or the full date, for a day separator. */
export function rotuloDoDia(iso: string, agora: number, t: TFunction): string {
  const dia = chaveDoDia(iso);
  if (dia === chaveDoDia(new Date(agora).toISOString())) return t('tempo.hoje');
  if (dia === chaveDoDia(new Date(agora - DIA).toISOString())) return t('tempo.ontem');
  return new Intl.DateTimeFormat(currentIdioma(), { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }).format(new Date(iso));
}

export function tamanhoDeArquivo(bytes: number): string {
  const unidades = ['B', 'kB', 'MB', 'GB'];
  let valor = bytes;
  let unidade = 0;
  while (valor >= 1000 && unidade < unidades.length - 1) {
    valor /= 1000;
    unidade++;
  }
  return `${new Intl.NumberFormat(currentIdioma(), { maximumFractionDigits: unidade === 0 ? 0 : 1 }).format(valor)} ${unidades[unidade]}`;
}

/** The best name for a contato: nome, else telefone, else e-mail. */
export function nomeDoContato(contato: { nome: string | null; telefone: string | null; email: string | null }, semNome: string): string {
  return contato.nome?.trim() || contato.telefone || contato.email || semNome;
}

/** Providers with a reply window: free text only within it after the customer's last message. */
const JANELA_DE_RESPOSTA_MS: Partial<Record<string, number>> = {
  whatsapp: 24 * HORA,
  messenger: 24 * HORA,
  instagram: 24 * HORA,
};

/** Whether free-form replies are refused now (WhatsApp's 24 h window closed): a template must be sent. */
export function janelaFechada(ticket: TicketDto, agora: number): boolean {
  const janela = ticket.canal ? JANELA_DE_RESPOSTA_MS[ticket.canal.tipo] : undefined;
  if (janela === undefined) return false;
  if (!ticket.ultimaMensagemClienteEm) return true;
  return agora - Date.parse(ticket.ultimaMensagemClienteEm) >= janela;
}

export type NivelSla = 'ok' | 'alerta' | 'violado';

/** Near (15 min) or past an SLA deadline; null when the ticket has no SLA. */
export function nivelSla(ticket: TicketDto, agora: number): NivelSla | null {
  const { sla } = ticket;
  if (sla.primeiraRespostaViolado || sla.proximaRespostaViolado || sla.resolucaoViolado) return 'violado';
  const prazos = [sla.primeiraRespostaPrazo, sla.proximaRespostaPrazo, sla.resolucaoPrazo].filter((p): p is string => p !== null);
  if (prazos.length === 0) return null;
  if (sla.pausadoEm) return 'ok';
  const proximo = Math.min(...prazos.map((p) => Date.parse(p)));
  if (proximo <= agora) return 'violado';
  return proximo - agora <= 15 * MINUTO ? 'alerta' : 'ok';
}

export const COR_SLA: Record<NivelSla, string> = { ok: 'teal', alerta: 'orange', violado: 'red' };

export const COR_STATUS: Record<TicketDto['status'], string> = {
  aberto: 'blue',
  em_atendimento: 'teal',
  pendente: 'yellow',
  resolvido: 'gray',
  fechado: 'dark',
};

export const COR_PRIORIDADE: Record<TicketDto['prioridade'], string> = {
  baixa: 'gray',
  normal: 'blue',
  alta: 'orange',
  urgente: 'red',
};
