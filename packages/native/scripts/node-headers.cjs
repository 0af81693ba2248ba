// Where node-gyp finds Node's headers without downloading them (only the npm registry is
// reachable here): npm's nodedir setting, else the headers installed beside the running node.
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

function usable(dir) {
  return typeof dir === 'string' && dir !== '' && dir !== 'undefined' && dir !== 'null';
}

/** A --nodedir for node-gyp, or undefined to let node-gyp fetch headers itself. */
function findNodedir() {
  if (usable(process.env.npm_config_nodedir)) return process.env.npm_config_nodedir;
  // Not in the environment (e.g. run directly, or by pnpm): ask npm, if it exists.
  const r = spawnSync('npm', ['config', 'get', 'nodedir'], { encoding: 'utf8', timeout: 20000 });
  const out = r.status === 0 ? String(r.stdout).trim() : '';
  if (usable(out)) return out;
  // Headers shipped with the running node (distro packages, official tarballs).
  const prefix = path.resolve(path.dirname(process.execPath), '..');
  if (fs.existsSync(path.join(prefix, 'include', 'node', 'node_api.h'))) return prefix;
  return undefined;
}

module.exports = { findNodedir };
