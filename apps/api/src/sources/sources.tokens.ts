/** The raw environment credential variables (`*Env` in the sources file) are read from. */
export const SOURCES_ENV = Symbol('SOURCES_ENV');
