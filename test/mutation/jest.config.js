// The jest configuration of mutation runs (stryker.config.json). Stryker runs, for each mutant,
// only the test files that import the mutated file (findRelatedTests), so jest must see the whole
// repository, not only test/, to follow a test through the harness and the node to the transport.
// The simulator's own tests never load the node, so they are left out.
const base = require('../../jest.config.js');

/** @type {import('jest').Config} */
module.exports = {
	...base,
	rootDir: '../..',
	roots: ['<rootDir>'],
	testMatch: ['<rootDir>/test/**/*.test.ts'],
	testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/simulator/'],
	modulePathIgnorePatterns: ['<rootDir>/dist/', '<rootDir>/\\.stryker-tmp'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.test.json' }],
	},
};
