export * from './auth.js';
export * from './usuarios.js';
