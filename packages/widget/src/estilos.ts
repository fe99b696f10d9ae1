/** The widget's styles, scoped by the shadow root; `--cor` is the canal's colour. */
export const CSS = `
:host { all: initial; }
* { box-sizing: border-box; font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
.raiz { position: fixed; right: 20px; bottom: 20px; z-index: 2147483000; display: flex; flex-direction: column; align-items: flex-end; gap: 12px; }
.bolha { width: 56px; height: 56px; border-radius: 50%; border: 0; background: var(--cor); color: #fff; cursor: pointer; box-shadow: 0 4px 14px rgba(0,0,0,.25); display: flex; align-items: center; justify-content: center; }
.bolha svg { width: 28px; height: 28px; fill: currentColor; }
.painel { width: min(370px, calc(100vw - 40px)); height: min(560px, calc(100vh - 110px)); background: #fff; color: #1f2328; border-radius: 14px; box-shadow: 0 8px 30px rgba(0,0,0,.22); display: flex; flex-direction: column; overflow: hidden; }
.painel[hidden] { display: none; }
.topo { background: var(--cor); color: #fff; padding: 14px 16px; display: flex; align-items: center; justify-content: space-between; }
.topo h2 { margin: 0; font-size: 16px; font-weight: 600; }
.topo button { background: transparent; border: 0; color: #fff; font-size: 22px; line-height: 1; cursor: pointer; }
.aviso { background: #fff8c5; color: #4d2d00; font-size: 13px; padding: 6px 12px; }
.aviso[hidden] { display: none; }
.lista { flex: 1; overflow-y: auto; padding: 12px; display: flex; flex-direction: column; gap: 8px; background: #f6f8fa; }
.msg { max-width: 80%; padding: 8px 10px; border-radius: 12px; font-size: 14px; line-height: 1.4; white-space: pre-wrap; word-wrap: break-word; }
.msg.atendente { align-self: flex-start; background: #fff; border: 1px solid #d0d7de; }
.msg.visitante { align-self: flex-end; background: var(--cor); color: #fff; }
.msg.saudacao { align-self: flex-start; background: #fff; border: 1px dashed #d0d7de; }
.meta { display: block; font-size: 11px; opacity: .75; margin-top: 4px; text-align: right; }
.anexo { display: inline-block; margin-top: 4px; background: rgba(0,0,0,.08); border: 0; border-radius: 6px; padding: 4px 8px; cursor: pointer; color: inherit; font-size: 13px; }
.digitando { font-size: 12px; color: #57606a; padding: 0 14px 6px; background: #f6f8fa; }
.digitando[hidden] { display: none; }
form { margin: 0; }
.prechat { padding: 16px; display: flex; flex-direction: column; gap: 10px; flex: 1; overflow-y: auto; }
.prechat label { font-size: 13px; display: flex; flex-direction: column; gap: 4px; }
.prechat input { padding: 8px 10px; border: 1px solid #d0d7de; border-radius: 8px; font-size: 14px; }
.erro { color: #cf222e; font-size: 12px; min-height: 16px; }
.primario { background: var(--cor); color: #fff; border: 0; border-radius: 8px; padding: 10px; font-size: 14px; cursor: pointer; }
.compositor { display: flex; gap: 6px; padding: 10px; border-top: 1px solid #d0d7de; align-items: flex-end; background: #fff; }
.compositor textarea { flex: 1; resize: none; border: 1px solid #d0d7de; border-radius: 8px; padding: 8px; font-size: 14px; max-height: 120px; min-height: 38px; }
.compositor button { background: transparent; border: 0; cursor: pointer; font-size: 18px; padding: 6px; color: #57606a; }
.compositor button.clipe svg { width: 20px; height: 20px; fill: currentColor; display: block; }
.compositor button.primario { color: #fff; background: var(--cor); font-size: 14px; padding: 9px 12px; }
.oculto { display: none; }
`;

/**
 * Styles without inline `<style>` when the browser has constructable stylesheets (CSP `style-src` needs no
 * nonce then); otherwise a `<style>` element in the shadow root, with the script's nonce if it had one.
 */
export function aplicarEstilos(raiz: ShadowRoot, nonce: string | undefined): void {
  const adotaveis = 'adoptedStyleSheets' in Document.prototype && 'replaceSync' in CSSStyleSheet.prototype;
  if (adotaveis) {
    const folha = new CSSStyleSheet();
    folha.replaceSync(CSS);
    raiz.adoptedStyleSheets = [folha];
    return;
  }
  const estilo = document.createElement('style');
  if (nonce) estilo.nonce = nonce;
  estilo.textContent = CSS;
  raiz.appendChild(estilo);
}
