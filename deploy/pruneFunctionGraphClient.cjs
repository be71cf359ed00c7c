'use strict';
/**
 * The official FunctionGraph client (`@huaweicloud/huaweicloud-sdk-functiongraph/v2/FunctionGraphClient.js`)
 * has ~100 operations and requires ~90 request models at load time (~125 KB minified). A function bundle
 * needs only the operations the runtime calls (asynchronous invocation of the next stage), so the bundler
 * keeps those methods of the generated source unchanged and drops the others with the models only they used.
 *
 * The file is generated: class methods are indented 4 spaces, `ParamCreater` entries 8, each ends on a line
 * holding only its closing brace at the same indentation. Anything unexpected throws, failing the build.
 */

/** Splits `body` into members `{ name, text }` at `indent`; text between members is kept as `{ text }`. */
function members(body, indent) {
  const pad = ' '.repeat(indent);
  const start = new RegExp(`^(${pad}/\\*\\*[\\s\\S]*?\\*/\\n)?${pad}(?:static )?(\\w+)\\(\\w*\\) \\{\\n`, 'gm');
  const parts = [];
  let last = 0;
  for (let m = start.exec(body); m !== null; m = start.exec(body)) {
    const end = body.indexOf(`\n${pad}}`, m.index + m[0].length - 1);
    if (end === -1) throw new Error(`FunctionGraphClient.js: no end for ${m[2]}`);
    let stop = end + pad.length + 2;
    if (body[stop] === ',') stop += 1;
    if (body[stop] === '\n') stop += 1;
    parts.push({ text: body.slice(last, m.index) }, { name: m[2], text: body.slice(m.index, stop) });
    last = stop;
    start.lastIndex = stop;
  }
  parts.push({ text: body.slice(last) });
  return parts;
}

function keepOnly(body, indent, keep, where) {
  const parts = members(body, indent);
  const found = new Set(parts.filter((p) => p.name).map((p) => p.name));
  for (const name of keep) {
    if (!found.has(name)) throw new Error(`FunctionGraphClient.js: ${where} has no ${name}; update deploy/pruneFunctionGraphClient.cjs`);
  }
  return parts.filter((p) => !p.name || keep.has(p.name)).map((p) => p.text).join('');
}

/**
 * Returns the client's source with only `operations` (e.g. `['asyncInvokeFunction']`) and the models they use.
 *
 * @example
 * pruneFunctionGraphClient(readFileSync(file, 'utf8'), ['asyncInvokeFunction'])
 */
function pruneFunctionGraphClient(source, operations) {
  const classStart = source.indexOf('class FunctionGraphClient {\n');
  const classEnd = source.indexOf('\n}\nexports.FunctionGraphClient = FunctionGraphClient;');
  const paramStart = source.indexOf('const ParamCreater = function () {\n    return {\n');
  const paramEnd = source.indexOf('\n    };\n};\nexports.ParamCreater = ParamCreater;');
  if ([classStart, classEnd, paramStart, paramEnd].includes(-1) || !(classStart < classEnd && classEnd < paramStart && paramStart < paramEnd)) {
    throw new Error('FunctionGraphClient.js does not have the expected generated shape; update deploy/pruneFunctionGraphClient.cjs');
  }
  const ops = new Set(operations);
  const classMembers = new Set([...ops, 'newBuilder', 'constructor', 'getPath']);
  const head = source.slice(0, classStart);
  const classBody = keepOnly(source.slice(classStart, classEnd), 4, classMembers, 'the client class');
  const middle = source.slice(classEnd, paramStart);
  const paramBody = keepOnly(source.slice(paramStart, paramEnd), 8, ops, 'ParamCreater');
  const rest = source.slice(paramEnd);
  const kept = classBody + middle + paramBody + rest;
  // Drop model requires nothing kept refers to.
  const requires = head.replace(/^const (\w+_1) = require\("\.\/model\/\w+"\);\n/gm, (line, name) =>
    new RegExp(`\\b${name}\\.`).test(kept) ? line : '',
  );
  // The SDK's source map describes the unpruned file.
  return (requires + kept).replace(/\n\/\/# sourceMappingURL=.*\n?$/, '\n');
}

module.exports = { pruneFunctionGraphClient };
