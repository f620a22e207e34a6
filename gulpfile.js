const { src, dest, parallel } = require('gulp');

// gulp 5 reads files as UTF-8 unless told otherwise, which corrupts binary icons: read raw bytes.
const copyIcons = (folder) => () =>
	src(`${folder}/**/*.{png,svg}`, { base: '.', encoding: false }).pipe(dest('dist'));

exports['build:icons'] = parallel(copyIcons('nodes'), copyIcons('credentials'));
