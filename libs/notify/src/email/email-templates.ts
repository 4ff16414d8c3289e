import type { Alert } from '@spreadwatch/contracts';

import type { NotificationMessage } from '../notifier';

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

export interface TemplateLinks {
  unsubscribeUrl?: string;
  dashboardUrl?: string;
}

function escapeHtml(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

function alertLine(a: Alert): string {
  const who =
    a.lifecycle !== undefined && a.lifecycle.state !== 'firing' ? ` [${a.lifecycle.state}]` : '';
  return `[${a.severity.toUpperCase()}] ${a.summary}${who} (fired ${a.firedAt})`;
}

function alertRow(a: Alert): string {
  const color =
    a.severity === 'critical' ? '#b42318' : a.severity === 'warning' ? '#b54708' : '#475467';
  return (
    `<tr><td style="padding:4px 8px;color:${color};font-weight:600">${escapeHtml(a.severity.toUpperCase())}</td>` +
    `<td style="padding:4px 8px">${escapeHtml(a.summary)}</td>` +
    `<td style="padding:4px 8px;color:#475467">${escapeHtml(a.firedAt)}</td></tr>`
  );
}

function subjectOf(m: NotificationMessage): string {
  if (m.kind === 'silence' && m.silence !== undefined) {
    const s = m.silence;
    return `[Spreadwatch] Silence ${s.event}: ${s.silence.comment}`;
  }
  const terms = [
    ...new Set([...m.firing, ...m.resolved].map((a) => a.term).filter((t) => t !== undefined)),
  ];
  const head =
    m.kind === 'digest' ? 'Digest' : m.firing.length > 0 ? `FIRING:${m.firing.length}` : 'RESOLVED';
  return `[Spreadwatch] ${head} ${terms.slice(0, 3).join(', ')}${terms.length > 3 ? ` +${terms.length - 3}` : ''}`.trim();
}

/** Renders a notification as a mail: subject, plain text and HTML (escaped; no remote images, no scripts). */
export function renderEmail(m: NotificationMessage, links: TemplateLinks = {}): RenderedEmail {
  const subject = subjectOf(m);
  const text: string[] = [];
  const html: string[] = [];
  const greeting = m.desk === undefined ? 'Hello,' : `Hello ${m.desk},`;
  text.push(greeting, '');
  html.push(`<p>${escapeHtml(greeting)}</p>`);
  if (m.kind === 'silence' && m.silence !== undefined) {
    const s = m.silence.silence;
    const matchers = s.matchers.map((x) => `${x.name}${x.op}"${x.value}"`).join(', ');
    const line =
      m.silence.event === 'created'
        ? `${s.createdBy} silenced alerts matching {${matchers}} until ${s.endsAt ?? 'they resolve'}: ${s.comment}`
        : `The silence on {${matchers}} by ${s.createdBy} has expired (${m.silence.reason ?? 'ended'}); matching alerts notify again.`;
    text.push(line);
    html.push(`<p>${escapeHtml(line)}</p>`);
  }
  const section = (title: string, alerts: Alert[]): void => {
    if (alerts.length === 0) return;
    text.push(`${title}:`, ...alerts.map((a) => `  - ${alertLine(a)}`), '');
    html.push(
      `<h3 style="margin:16px 0 4px">${escapeHtml(title)}</h3>`,
      `<table style="border-collapse:collapse;font:14px sans-serif">${alerts.map(alertRow).join('')}</table>`,
    );
  };
  section('Firing', m.firing);
  section('Resolved', m.resolved);
  if (links.dashboardUrl !== undefined) {
    text.push(`Open the dashboard: ${links.dashboardUrl}`);
    html.push(`<p><a href="${escapeHtml(links.dashboardUrl)}">Open the dashboard</a></p>`);
  }
  if (links.unsubscribeUrl !== undefined) {
    text.push('', `Unsubscribe: ${links.unsubscribeUrl}`);
    html.push(
      `<p style="color:#667085;font-size:12px"><a href="${escapeHtml(links.unsubscribeUrl)}">Unsubscribe</a> from these alerts.</p>`,
    );
  }
  return {
    subject,
    text: text.join('\n'),
    html: `<!doctype html><html><body style="font:14px sans-serif;color:#101828">${html.join('\n')}</body></html>`,
  };
}
