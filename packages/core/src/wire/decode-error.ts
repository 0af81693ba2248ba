/** DecodeError lives with every other error class; this path stays for the wire modules' imports. */
export { DecodeError } from '../errors.js';
