// Number formatting for the charts, in the page's language (French: narrow no-break space between thousands,
// comma for decimals; English: comma between thousands).
import type { Locale } from '../../i18n';

export function numberFormat(locale: Locale, digits = 0): (x: number) => string {
  const f = new Intl.NumberFormat(locale === 'fr' ? 'fr-FR' : 'en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits });
  return (x) => f.format(x);
}

/** Rounded to the nearest integer, but keeping one decimal when the value has one (a median of 20 runs). */
export function msFormat(locale: Locale): (x: number) => string {
  const int = numberFormat(locale, 0);
  const one = numberFormat(locale, 1);
  return (x) => (Number.isInteger(x) ? int(x) : one(x));
}
