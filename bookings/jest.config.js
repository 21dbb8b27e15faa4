// Every workspace shares one jest setup; see jest.shared.js at the repository root.
module.exports = require('../jest.shared.js')(__dirname);
