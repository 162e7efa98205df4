import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { repoRoot, repositoryWebUrl } from './workspace';

/** Markdown without its fenced code blocks and inline code spans (where links are not links). */
function prose(text: string): string {
  return text.replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '');
}

/** Targets of the `[text](target)` links outside code. */
export function linksOf(text: string): string[] {
  return [...prose(text).matchAll(/\]\(([^)\s]+)\)/g)].map((match) => match[1] ?? '');
}

/** GitHub's heading anchor: lower case, punctuation dropped, spaces to hyphens. */
export function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

/** The anchors of a Markdown file's headings. */
export function anchorsOf(file: string): Set<string> {
  const text = readFileSync(file, 'utf8').replace(/```[\s\S]*?```/g, '');
  return new Set([...text.matchAll(/^#{1,6}\s+(.+)$/gm)].map((match) => slug(match[1] ?? '')));
}

/**
 * Why a link target is broken, or `undefined` when it resolves. Relative links resolve from
 * `file`'s folder and must stay inside `root` (for a package README: the published files);
 * links into this repository's web address must name a file or folder that exists here, on
 * `main`. Other absolute links are not checked (no network in tests).
 */
export function brokenLink(file: string, link: string, root = repoRoot): string | undefined {
  const web = repositoryWebUrl();
  let target: string;
  let anchor: string | undefined;
  if (web !== '' && (link === web || link.startsWith(`${web}/`) || link.startsWith(`${web}#`))) {
    const rest = link.slice(web.length).replace(/^#readme$/, '');
    const match = /^(?:\/(?:blob|tree)\/main\/([^#]*))?(?:#(.*))?$/.exec(rest);
    if (!match) return `${link} (not a /blob/main/ or /tree/main/ address)`;
    target = join(repoRoot, match[1] ?? '');
    anchor = match[2] === 'readme' ? undefined : match[2];
  } else if (/^[a-z]+:/i.test(link)) {
    return undefined;
  } else {
    const [path = '', hash] = link.split('#');
    target = path === '' ? file : resolve(dirname(file), path);
    anchor = hash;
    if (!target.startsWith(root)) return `${link} (outside ${root})`;
  }
  if (!existsSync(target)) return `${link} (no such file)`;
  if (anchor !== undefined && statSync(target).isFile() && !anchorsOf(target).has(anchor)) {
    return `${link} (no such heading)`;
  }
  return undefined;
}

/** Every broken link of a Markdown file (see {@link brokenLink}). */
export function brokenLinks(file: string, root = repoRoot): string[] {
  return linksOf(readFileSync(file, 'utf8'))
    .map((link) => brokenLink(file, link, root))
    .filter((problem): problem is string => problem !== undefined);
}
