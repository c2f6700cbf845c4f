import { randomBytes } from 'node:crypto';
import { copyFile, mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { BackupTarget } from './target.js';

/** The default target: a directory (BACKUP_DIR). Writes go to a temporary name, then rename. */
export function localDirectoryTarget(dir: string): BackupTarget {
  const root = path.resolve(dir);
  const full = (key: string) => {
    const p = path.resolve(root, key);
    if (!p.startsWith(`${root}${path.sep}`)) throw new Error(`backup key escapes the directory: ${key}`);
    return p;
  };
  const atomically = async (key: string, write: (tmp: string) => Promise<void>) => {
    const dest = full(key);
    await mkdir(path.dirname(dest), { recursive: true });
    const tmp = `${dest}.partial-${randomBytes(4).toString('hex')}`;
    try {
      await write(tmp);
      await rename(tmp, dest);
    } finally {
      await rm(tmp, { force: true });
    }
  };
  return {
    location: `directory ${root}`,
    localPath: root,
    putFile: (key, file) => atomically(key, (tmp) => copyFile(file, tmp)),
    putJson: (key, value) => atomically(key, (tmp) => writeFile(tmp, `${JSON.stringify(value, null, 2)}\n`)),
    getToFile: (key, file) => copyFile(full(key), file),
    async getJson(key) {
      try {
        return JSON.parse(await readFile(full(key), 'utf8')) as unknown;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw err;
      }
    },
    /** `prefix` is a folder (`backups/`); keys inside it are returned. */
    async list(prefix) {
      const folder = prefix.replace(/\/+$/, '');
      try {
        const names = await readdir(full(folder));
        return names.filter((n) => !n.includes('.partial-')).map((n) => `${folder}/${n}`);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
        throw err;
      }
    },
    async remove(keys) {
      for (const key of keys) await rm(full(key), { force: true });
    },
  };
}
