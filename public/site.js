// Site-wide script, loaded by every page as an external file (the Content Security Policy allows no inline
// script and no inline event handler). Added to each built page by integrations/security.mjs.

// Offline course after a first visit: register the service worker (/sw.js, generated at build time).
if ('serviceWorker' in navigator && location.protocol !== 'file:') {
  addEventListener('load', () => {
    navigator.serviceWorker.register('/sw.js').catch(() => {
      // No service worker (dev server, private mode…): the site works online as before.
    });
  });
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
