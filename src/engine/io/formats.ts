/**
 * Registers every built-in reader and writer with the registry. Importing `engine/io/index.ts`
 * runs this once.
 */
