import { useTranslation } from 'react-i18next';
import classes from './SkipLink.module.css';

/** First tab stop: jumps keyboard users past the header and navigation. */
export function SkipLink({ targetId }: { targetId: string }) {
  const { t } = useTranslation();
  return (
    <a className={classes.skipLink} href={`#${targetId}`}>
      {t('app.skipToContent')}
    </a>
  );
}
