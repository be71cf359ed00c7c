'use strict';
/**
 * form-data in a function bundle. axios requires it at load time for multipart bodies; the Huawei clients only
 * send JSON, so an empty class stands in (and mime-db, mime-types, combined-stream... stay out: ~160 KB).
 */
class FormData {
  constructor() {
    throw new Error('multipart bodies are not supported in byok-keeper function bundles');
  }
}
module.exports = FormData;
module.exports.default = FormData;
