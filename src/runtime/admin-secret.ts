import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The dashboard admin password: the configured one, else one generated on
 * first start and kept (mode 0600) in `<dataDir>/admin-password`.
 */
export function resolveAdminPassword(configured: string | null, dataDir: string): { password: string; generated: boolean; file: string | null } {
  if (configured) return { password: configured, generated: false, file: null };
  const file = join(dataDir, 'admin-password');
  try {
    const existing = readFileSync(file, 'utf8').trim();
    if (existing.length >= 8) return { password: existing, generated: false, file };
  } catch {
    /* not there yet */
  }
  const password = randomBytes(12).toString('base64url');
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(file, password + '\n', { mode: 0o600 });
  return { password, generated: true, file };
}
