'use strict';
/**
 * osls plugin for serverless.aws.yml (provider aws, native to osls): before osls packages, each function is
 * bundled from `functions/aws/<name>.ts` by the same esbuild step as the FunctionGraph functions
 * (../bundleFunction.cjs; CommonJS, minified, every dependency inlined) and zipped deterministically
 * (../zipBundle.cjs: `index.js` and a CommonJS `package.json`), and that zip becomes the function's artifact with
 * handler `index.handler`. osls's own packager never zips the repository. docs/aws.md#deployment.
 */
const { mkdir, writeFile } = require('node:fs/promises');
const { join, relative } = require('node:path');
const { bundleFunction } = require('../bundleFunction.cjs');
const { zipBundle } = require('../zipBundle.cjs');

/** esbuild's target for Lambda's nodejs20.x runtime. */
const TARGET = 'node20';

class LambdaBundles {
  constructor(serverless, options) {
    this.serverless = serverless;
    this.options = options;
    this.hooks = {
      'before:package:createDeploymentArtifacts': () => this.bundleAll(),
      'before:deploy:function:packageFunction': () => this.bundleAll([this.options.function]),
    };
  }

  async bundleAll(only) {
    const service = this.serverless.service;
    const serviceDir = this.serverless.serviceDir;
    // Always the service's .serverless: osls moves it to --package's folder at the end (and back before a deploy).
    const outDir = join(serviceDir, '.serverless');
    await mkdir(outDir, { recursive: true });
    const log = (line) => process.stdout.write(`${line}\n`);
    for (const name of only ?? service.getAllFunctions()) {
      const fn = service.getFunction(name);
      const entry = join(serviceDir, 'functions', 'aws', `${name}.ts`);
      // slim: false — the Huawei SDK shims have nothing to replace in the AWS functions.
      const bundle = await bundleFunction({ entry, target: TARGET, slim: false });
      const { zip, sha256 } = zipBundle(bundle.code);
      const artifact = join(outDir, `${name}.zip`);
      await writeFile(artifact, zip);
      await writeFile(join(outDir, `${name}.js.map`), bundle.map);
      fn.handler = 'index.handler';
      fn.package = { ...fn.package, artifact: relative(serviceDir, artifact) };
      log(`${name.padEnd(18)} ${Math.round(bundle.code.length / 1024)} KB bundle, ${Math.round(zip.length / 1024)} KB zip  sha256 ${sha256.slice(0, 12)}`);
    }
  }
}

module.exports = LambdaBundles;
