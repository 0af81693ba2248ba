// Reads what the prebuild checks need from an ELF shared object: class, machine and the
// symbol versions it needs from each library (.gnu.version_r), e.g. libc.so.6: GLIBC_2.28.
'use strict';

const fs = require('node:fs');

const MACHINES = { 62: 'x64', 183: 'arm64' };
const SHT_GNU_VERNEED = 0x6ffffffe;

/** { bits: 32|64, machine: number, arch: 'x64'|'arm64'|undefined, needs: { [lib]: string[] } } */
function readElf(file) {
  const b = fs.readFileSync(file);
  if (b.length < 64 || b.readUInt32BE(0) !== 0x7f454c46) throw new Error(`${file}: not an ELF file`);
  const bits = b[4] === 2 ? 64 : b[4] === 1 ? 32 : 0;
  if (bits !== 64 || b[5] !== 1) throw new Error(`${file}: only little-endian ELF64 is read (class ${b[4]}, data ${b[5]})`);
  const machine = b.readUInt16LE(18);
  return { bits, machine, arch: MACHINES[machine], needs: versionNeeds(b) };
}

function versionNeeds(b) {
  const shoff = Number(b.readBigUInt64LE(0x28));
  const shentsize = b.readUInt16LE(0x3a);
  const shnum = b.readUInt16LE(0x3c);
  const section = (i) => {
    const at = shoff + i * shentsize;
    return {
      type: b.readUInt32LE(at + 4),
      offset: Number(b.readBigUInt64LE(at + 24)),
      link: b.readUInt32LE(at + 40),
      info: b.readUInt32LE(at + 44),
    };
  };
  const needs = {};
  for (let i = 0; i < shnum; i++) {
    const sec = section(i);
    if (sec.type !== SHT_GNU_VERNEED) continue;
    const strtab = section(sec.link).offset;
    const str = (off) => {
      const start = strtab + off;
      return b.toString('latin1', start, b.indexOf(0, start));
    };
    let vn = sec.offset;
    for (let n = 0; n < sec.info; n++) {
      const versions = [];
      let aux = vn + b.readUInt32LE(vn + 8);
      for (let k = b.readUInt16LE(vn + 2); k > 0; k--) {
        versions.push(str(b.readUInt32LE(aux + 8)));
        aux += b.readUInt32LE(aux + 12);
      }
      needs[str(b.readUInt32LE(vn + 4))] = versions;
      vn += b.readUInt32LE(vn + 12);
    }
  }
  return needs;
}

/** The highest version with this prefix ('GLIBC_' -> [2, 28]), or undefined. */
function highestVersion(versions, prefix) {
  let best;
  for (const v of versions) {
    if (!v.startsWith(prefix)) continue;
    const parts = v.slice(prefix.length).split('.').map(Number);
    if (!best || compareVersions(parts, best) > 0) best = parts;
  }
  return best;
}

function compareVersions(a, b) {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

module.exports = { readElf, highestVersion, compareVersions };
