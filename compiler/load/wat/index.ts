/**
 * Our own parser of the WebAssembly text format: text in, the module's binary encoding
 * out (which then goes through the binary decoder and validator like any other input).
 */
export { watToBinary, watToMappedBinary, type MappedBinary } from './module.js';
