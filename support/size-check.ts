/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, no-console -- Node tooling, not published (DEVELOPERS.md) */
// Lists the files over 400 lines and the functions over 80 lines (the house limits) among the
// TypeScript and JavaScript files given, or every such file under the folders given (node_modules,
// dist and dot folders left out). Callbacks passed to `describe`/`it`/`test` are not counted: the
// rule exempts those that just list cases, which a script cannot tell from the others.
//
//   node --import tsx support/size-check.ts test/e2e test/ui support
//
// Exits 1 when something is over a limit.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

import ts from 'typescript';

const MAX_FILE_LINES = 400;
const MAX_FUNCTION_LINES = 80;
const TEST_CALLS = new Set(['describe', 'it', 'test']);
const SOURCE = /\.(ts|mts|cts|js|mjs|cjs)$/;
const SKIPPED_FOLDERS = new Set(['node_modules', 'dist']);

function sourceFiles(path: string): string[] {
	if (!statSync(path).isDirectory()) return SOURCE.test(path) ? [path] : [];
	return readdirSync(path)
		.filter((name) => !SKIPPED_FOLDERS.has(name) && !name.startsWith('.'))
		.sort()
		.flatMap((name) => sourceFiles(join(path, name)));
}

function functionName(node: ts.FunctionLikeDeclaration, source: ts.SourceFile): string {
	if (node.name) return node.name.getText(source);
	const parent = node.parent;
	if (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent))
		return parent.name.getText(source);
	if (ts.isCallExpression(parent)) return `callback of ${parent.expression.getText(source)}()`;
	return '(anonymous)';
}

function isTestCallback(node: ts.Node): boolean {
	const call = node.parent;
	if (!call || !ts.isCallExpression(call)) return false;
	const callee = ts.isPropertyAccessExpression(call.expression)
		? call.expression.expression
		: call.expression;
	return ts.isIdentifier(callee) && TEST_CALLS.has(callee.text);
}

function oversizedFunctions(file: string): string[] {
	const text = readFileSync(file, 'utf8');
	const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
	const found: string[] = [];
	const visit = (node: ts.Node): void => {
		if (ts.isFunctionLike(node) && 'body' in node && node.body && !isTestCallback(node)) {
			const declaration = node as ts.FunctionLikeDeclaration;
			const first = source.getLineAndCharacterOfPosition(declaration.getStart(source)).line + 1;
			const last = source.getLineAndCharacterOfPosition(declaration.getEnd()).line + 1;
			if (last - first + 1 > MAX_FUNCTION_LINES)
				found.push(
					`${file}:${first} function ${functionName(declaration, source)}: ${last - first + 1} lines`,
				);
		}
		ts.forEachChild(node, visit);
	};
	visit(source);
	const lines = text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
	if (lines > MAX_FILE_LINES) found.unshift(`${file}: ${lines} lines`);
	return found;
}

const findings = process.argv
	.slice(2)
	.flatMap(sourceFiles)
	.flatMap((file) => oversizedFunctions(file));
for (const finding of findings) console.log(finding);
process.exit(findings.length === 0 ? 0 : 1);
