// @nlkit/native: the JavaScript side of the node-addon-api addon. CommonJS, so that a CommonJS
// program (the nlkit CLI's bundle) loads it without starting Node's ES module loader; index.js
// is its ES module face.
'use strict';
const { loadBinding } = require('./load-binding.cjs');

const binding = loadBinding(__dirname);

/**
 * Netlink and socket-option numbers from the Linux uapi headers: the syscall layer's own (see
 * index.d.ts). @nlkit/core owns the protocol constants TypeScript code uses and tests them against these.
 */
const constants = Object.freeze({ ...binding.constants });

function invalidArg(message, code = 'ERR_INVALID_ARG_TYPE', Ctor = TypeError) {
  const err = new Ctor(message);
  err.code = code;
  return err;
}

function checkProtocol(protocol) {
  if (typeof protocol !== 'number' || !Number.isInteger(protocol)) {
    throw invalidArg('The "protocol" argument must be an integer');
  }
  if (protocol < 0 || protocol > 0x7fffffff) {
    throw invalidArg('The "protocol" argument must be >= 0', 'ERR_OUT_OF_RANGE', RangeError);
  }
}

/** Maps options.netns to what the addon takes: an absolute path or an fd. */
function netnsTarget(netns) {
  if (typeof netns === 'number') {
    if (!Number.isInteger(netns) || netns < 0 || netns > 0x7fffffff) {
      throw invalidArg('options.netns must be a non-negative integer fd', 'ERR_OUT_OF_RANGE', RangeError);
    }
    return netns;
  }
  if (typeof netns === 'string') {
    if (netns.startsWith('/')) return netns;
    if (netns === '' || netns === '.' || netns === '..' || netns.includes('/') || netns.includes('\0')) {
      throw invalidArg(
        `options.netns must be a name under /run/netns, an absolute path or an fd; got ${JSON.stringify(netns)}`,
        'ERR_INVALID_ARG_VALUE',
      );
    }
    return `/run/netns/${netns}`;
  }
  throw invalidArg('options.netns must be a string or a number');
}

/** Opens an AF_NETLINK socket (SOCK_RAW|SOCK_CLOEXEC|SOCK_NONBLOCK), optionally in another netns. */
function openSocket(protocol, options) {
  try {
    checkProtocol(protocol);
    const netns = options == null ? undefined : options.netns;
    if (netns === undefined || netns === null) return Promise.resolve(binding.openSocketSync(protocol));
    return binding.openSocketInNetns(protocol, netnsTarget(netns));
  } catch (err) {
    return Promise.reject(err);
  }
}

/** Opens an AF_NETLINK socket in the current network namespace. */
function openSocketSync(protocol) {
  checkProtocol(protocol);
  return binding.openSocketSync(protocol);
}

module.exports = { constants, openSocket, openSocketSync };
