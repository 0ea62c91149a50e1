// Site-wide script, loaded by every page as an external file (the Content Security Policy allows no inline
// script and no inline event handler). Added to each built page by integrations/security.mjs.

// Offline course after a first visit: register the service worker (sw.js, generated at build time), found
// next to this script: under a sub-path (/quorum-lab/site.js) its scope is the sub-path (/quorum-lab/).
// Registered once the page has settled (3 s after load, then in an idle moment): its install precaches the whole
// site (about 120 files), which must not compete with the page's own start (issue 17: it cost a lesson up to
// 1.5 s of blocking time under Lighthouse's mobile settings).
const swUrl = new URL('sw.js', document.currentScript instanceof HTMLScriptElement ? document.currentScript.src : location.href);
if ('serviceWorker' in navigator && location.protocol !== 'file:') {
  const register = () => {
    navigator.serviceWorker.register(swUrl).catch(() => {
      // No service worker (dev server, private mode…): the site works online as before.
    });
  };
  const idle = window.requestIdleCallback ?? ((fn) => setTimeout(fn, 0));
  addEventListener('load', () => setTimeout(() => idle(register, { timeout: 5000 }), 3000));
}

// Print buttons: <button data-print="resume"> prints with <html data-print="resume"> set, so that print
// styles can keep only that part of the page (lesson 08's summary sheet).
document.addEventListener('click', (event) => {
  const button = event.target instanceof Element ? event.target.closest('button[data-print]') : null;
  if (!button) return;
  const root = document.documentElement;
  root.dataset.print = button.getAttribute('data-print') ?? '';
  try {
    window.print();
  } finally {
    delete root.dataset.print;
  }
});

// Printing a lesson shows where its links go (print.css): the site's own links as full addresses.
addEventListener('beforeprint', () => {
  for (const a of document.querySelectorAll('.sl-markdown-content a[href]')) {
    const href = a.getAttribute('href') ?? '';
    if (href.startsWith('#') || a.closest('[data-footnote-ref], .sl-anchor-link, sup') || a.classList.contains('data-footnote-backref')) continue;
    if (/^[a-z]+:/i.test(href)) continue; // external: print.css shows it as written
    a.setAttribute('data-print-href', a.href);
  }
});
