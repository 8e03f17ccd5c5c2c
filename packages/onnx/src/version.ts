/** The producer_version written into every exported model: this package's version (a test keeps them equal). */
export const PRODUCER_VERSION = '0.1.0';
