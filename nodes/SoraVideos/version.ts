/** This package's version, for messages; a test keeps it equal to package.json's. */
export const PACKAGE_VERSION = '0.1.0';
