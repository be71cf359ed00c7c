'use strict';
/** uuid in a function bundle: sdk-core only calls `v4()` (for a user agent we always replace); Node has it built in. */
const { randomUUID } = require('node:crypto');
module.exports = { v4: () => randomUUID() };
