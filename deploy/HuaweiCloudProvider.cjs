'use strict';
/**
 * The osls (Serverless Framework v3 fork) provider plugin for Huawei Cloud FunctionGraph: `provider: name:
 * huaweicloud` in serverless.yml. It declares the configuration schema and wires the commands to small modules:
 *
 *   package  validateConfig → packageService (esbuild bundle + deterministic zip per function)
 *   deploy   package, then deployService (functions, async-invoke settings, triggers; idempotent)
 *   info     infoService        remove   removeService        invoke   invokeFunction
 *
 * `.cjs` because the repository is an ES module package and osls loads plugins with require().
 */
const { relative, resolve } = require('node:path');
const { providerSchema } = require('./configSchema.cjs');
const { DeployError } = require('./errors.cjs');
const { packageService, readManifest } = require('./packageService.cjs');
const { validateConfig } = require('./validateConfig.cjs');

const PROVIDER = 'huaweicloud';

class HuaweiCloudProvider {
  static getProviderName() {
    return PROVIDER;
  }

  constructor(serverless, options = {}, utils = {}) {
    this.serverless = serverless;
    this.options = options;
    this.provider = this;
    this.writeText = utils.writeText ?? ((text) => process.stdout.write(`${text}\n`));
    this.log = utils.log?.notice ?? ((text) => process.stderr.write(`${text}\n`));
    serverless.setProvider(PROVIDER, this);
    serverless.configSchemaHandler.defineProvider(PROVIDER, providerSchema);
    const run = (fn) => () => this.#guard(fn);
    this.hooks = {
      'before:package:createDeploymentArtifacts': run(() => this.package()),
      'deploy:deploy': run(() => this.deploy()),
      'info:info': run(() => this.info()),
      'remove:remove': run(() => this.remove()),
      'invoke:invoke': run(() => this.invoke()),
    };
  }

  /** The stage: --stage, else provider.stage, else dev (osls leaves provider.stage at its default otherwise). */
  get stage() {
    return this.options.stage || this.serverless.service.provider.stage || 'dev';
  }

  /** provider.region (serverless.yml takes it from BYOK_REGION); osls has no --region for other providers than AWS. */
  get region() {
    return this.serverless.service.provider.region;
  }

  get serviceDir() {
    return this.serverless.serviceDir;
  }

  get outDir() {
    return resolve(this.serviceDir, this.options.package ?? '.serverless');
  }

  plan() {
    const { service } = this.serverless;
    return validateConfig({
      serviceDir: this.serviceDir,
      service: service.service,
      stage: this.stage,
      region: this.region,
      provider: service.provider,
      functions: service.functions,
    });
  }

  api() {
    if (!this.region) throw new DeployError('provider.region must be set (e.g. cn-north-4; serverless.yml reads BYOK_REGION)', { code: 'BYOK_DEPLOY_CONFIG' });
    // Loaded here so `package` needs neither credentials nor the SDK.
    const { FunctionGraphApi } = require('./FunctionGraphApi.cjs');
    return new FunctionGraphApi({ env: process.env, region: this.region });
  }

  async package() {
    const plan = this.plan();
    const manifest = await packageService({ plan, outDir: this.outDir, write: this.log });
    // Tells osls's own packager there is nothing left to zip.
    for (const [key, artifact] of Object.entries(manifest)) {
      const fn = this.serverless.service.getFunction(key);
      fn.package = { ...fn.package, artifact: relative(this.serviceDir, resolve(this.outDir, artifact.zip)) };
    }
    return manifest;
  }

  async deploy() {
    const { deployService } = require('./deployService.cjs');
    const plan = this.plan();
    const manifest = await readManifest({ plan, serviceDir: this.serviceDir, outDir: this.outDir });
    this.log(`Deploying ${plan.service} stage ${plan.stage} to FunctionGraph in ${plan.region}`);
    return deployService({ api: this.api(), plan, manifest, outDir: this.outDir, write: this.writeText });
  }

  async info() {
    const { infoService } = require('./infoService.cjs');
    return infoService({ api: this.api(), plan: this.plan(), write: this.writeText });
  }

  async remove() {
    const { removeService } = require('./removeService.cjs');
    return removeService({ api: this.api(), plan: this.plan(), write: this.writeText });
  }

  async invoke() {
    const { invokeFunction } = require('./invokeFunction.cjs');
    return invokeFunction({ api: this.api(), plan: this.plan(), options: this.options, write: this.writeText });
  }

  /** Our errors become osls's user errors: one message, no stack trace. */
  async #guard(fn) {
    try {
      return await fn();
    } catch (error) {
      if (error instanceof DeployError) throw new this.serverless.classes.Error(error.message, error.code);
      throw error;
    }
  }
}

module.exports = HuaweiCloudProvider;
