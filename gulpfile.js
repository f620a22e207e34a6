// The build's asset step (`npm run build` runs it after tsc): n8n reads each node's and
// credential's icon and the node's codex file (*.node.json) from beside the compiled code, so
// they are copied into dist/ in the folders they have in the sources.
const { rmSync } = require('node:fs');
const { dest, src } = require('gulp');

// One glob per folder: a glob that starts with a {brace} makes gulp walk the whole repository.
const assets = ['nodes/**/*.{png,svg,node.json}', 'credentials/**/*.{png,svg,node.json}'];

// A file deleted from the sources must not linger in the package.
function clean(done) {
	rmSync('dist', { recursive: true, force: true });
	done();
}

// gulp 5 reads files as UTF-8 text unless told otherwise, which corrupts PNG icons.
function copyAssets() {
	return src(assets, { base: '.', encoding: false }).pipe(dest('dist'));
}

exports.clean = clean;
exports['build:assets'] = copyAssets;
