// n8n loads the files listed under "n8n" in package.json; this entry point exists for tools that expect a main.
module.exports = {};
