/** Shared inputs for the delivery tests: a report config and a rendered email with hard characters. */
import { type ReportConfig, reportSchema } from '../../functions/commons/config/schema.js';
import type { RenderedEmail } from '../../functions/commons/delivery/mime.js';

export function reportConfig(over: Partial<Record<string, unknown>> = {}): ReportConfig {
  return reportSchema.parse({
    id: 'web-weekly',
    title: 'Web player — weekly QoE',
    environment: 'production',
    recipients: ['ops@example.com', 'Video-Team@example.com'],
    from: 'reports@example.com',
    replyTo: 'video-team@example.com',
    ...over,
  });
}

/** Stands in for `renderEmail(snapshot)`: UTF-8, HTML-escaped hostile text, a CR/LF in the subject. */
export function renderedEmail(): RenderedEmail {
  return {
    subject: 'Qualité vidéo 82 (+3) — semaine du 16 nov. 東京 🎬\r\nBcc: victim@example.com',
    preheader: 'Viewer experience 82',
    html: '<!doctype html><html><body><h1>Qualité « vidéo » 東京 🎬</h1><p>&lt;script&gt;alert(1)&lt;/script&gt; &amp; שלום</p></body></html>',
    text: 'Qualité « vidéo » 東京 🎬\n<script>alert(1)</script> & שלום\n',
  };
}

export function addresses(n: number): string[] {
  return Array.from({ length: n }, (_, i) => `viewer${String(i).padStart(3, '0')}@example.com`);
}
