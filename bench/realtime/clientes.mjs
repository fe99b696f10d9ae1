// Child process of run.mjs holding idle Socket.IO clients, so the sockets of the API and of the bare server
// (10,000 each at the largest step) never share one process's file-descriptor limit, and the measuring process
// stays light. Driven over IPC:
//   { tipo: 'conectar', url, auths: [...] } → { tipo: 'conectados', total, falhas, exemploFalha }
import process from 'node:process';
import { io } from 'socket.io-client';

const LOTE = 200;
const sockets = [];

function conectarUm(url, auth) {
  return new Promise((resolver) => {
    const socket = io(`${url}/atendimento`, {
      auth,
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      timeout: 60_000,
    });
    socket.once('conectado', () => resolver({ socket }));
    socket.once('connect_error', (erro) => {
      socket.close();
      resolver({ erro: erro.message });
    });
  });
}

process.on('message', async (mensagem) => {
  if (mensagem.tipo === 'conectar') {
    const falhas = [];
    for (let inicio = 0; inicio < mensagem.auths.length; inicio += LOTE) {
      const lote = mensagem.auths.slice(inicio, inicio + LOTE).map((auth) => conectarUm(mensagem.url, auth));
      for (const resultado of await Promise.all(lote)) {
        if (resultado.socket) sockets.push(resultado.socket);
        else falhas.push(resultado.erro);
      }
    }
    process.send({ tipo: 'conectados', total: sockets.length, falhas: falhas.length, exemploFalha: falhas[0] ?? null });
  }
});
