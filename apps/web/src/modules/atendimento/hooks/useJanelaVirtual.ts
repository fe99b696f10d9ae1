import { type RefObject, useCallback, useEffect, useRef, useState } from 'react';

interface JanelaVirtual {
  ref: RefObject<HTMLDivElement | null>;
  handleScroll: () => void;
  /** First and one-past-last index to render. */
  inicio: number;
  fim: number;
  alturaTotal: number;
  alturaItem: number;
}

function tamanhoDaFonteRaiz(): number {
  const valor = Number.parseFloat(getComputedStyle(document.documentElement).fontSize);
  return Number.isFinite(valor) && valor > 0 ? valor : 16;
}

/**
 * Renders only the rows in view (plus a margin) of a list whose rows all have the same height, given in rem so
 * it follows the user's font size. Small on purpose: the inbox rows are fixed-height by design.
 */
export function useJanelaVirtual(total: number, alturaItemRem: number, margem = 6): JanelaVirtual {
  const ref = useRef<HTMLDivElement>(null);
  const [rolagem, setRolagem] = useState(0);
  const [altura, setAltura] = useState(800);
  const [alturaItem, setAlturaItem] = useState(() => alturaItemRem * 16);

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const medir = () => {
      setAltura(el.clientHeight);
      setAlturaItem(alturaItemRem * tamanhoDaFonteRaiz());
    };
    medir();
    const observador = new ResizeObserver(medir);
    observador.observe(el);
    return () => observador.disconnect();
  }, [alturaItemRem]);

  const handleScroll = useCallback(() => {
    const el = ref.current;
    if (el) setRolagem(el.scrollTop);
  }, []);

  const inicio = Math.max(0, Math.floor(rolagem / alturaItem) - margem);
  const fim = Math.min(total, Math.ceil((rolagem + altura) / alturaItem) + margem);
  return { ref, handleScroll, inicio, fim, alturaTotal: total * alturaItem, alturaItem };
}
