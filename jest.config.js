/** @type {import('jest').Config} */
module.exports = {
	testEnvironment: 'node',
	// The sources are roots too, so that `jest --findRelatedTests <source>` follows a test through
	// test/support, the harness in support/, the benchmark and the simulator to the node's files;
	// tests live in test/ only, at the path of the source they test.
	roots: [
		'<rootDir>/test',
		'<rootDir>/nodes',
		'<rootDir>/credentials',
		'<rootDir>/simulator',
		'<rootDir>/support',
		'<rootDir>/bench',
	],
	testMatch: ['<rootDir>/test/**/*.test.ts'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.test.json' }],
	},
	testTimeout: 60000,
};
